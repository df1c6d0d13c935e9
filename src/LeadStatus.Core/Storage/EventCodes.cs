namespace LeadStatus.Storage;

/// <summary>The stored names of <see cref="LeadStatusEventKind"/> and <see cref="StatusMatchKind"/>, mapped by name, never by position.</summary>
internal static class EventCodes
{
    /// <summary>Gets the stored code of an event kind.</summary>
    public static string ToCode(LeadStatusEventKind kind) => kind switch
    {
        LeadStatusEventKind.Recommendation => "recommendation",
        LeadStatusEventKind.ManualChange => "manual_change",
        LeadStatusEventKind.SuggestionAccepted => "suggestion_accepted",
        LeadStatusEventKind.SuggestionRejected => "suggestion_rejected",
        LeadStatusEventKind.Revert => "revert",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an event kind."),
    };

    /// <summary>Parses a stored event kind.</summary>
    /// <exception cref="FormatException">The code is not one of ours.</exception>
    public static LeadStatusEventKind KindFromCode(string code) => code switch
    {
        "recommendation" => LeadStatusEventKind.Recommendation,
        "manual_change" => LeadStatusEventKind.ManualChange,
        "suggestion_accepted" => LeadStatusEventKind.SuggestionAccepted,
        "suggestion_rejected" => LeadStatusEventKind.SuggestionRejected,
        "revert" => LeadStatusEventKind.Revert,
        _ => throw new FormatException($"Unknown lead status event kind '{code}'."),
    };

    /// <summary>Gets the stored code of a match kind.</summary>
    public static string? ToCode(StatusMatchKind? kind) => kind switch
    {
        null => null,
        StatusMatchKind.Exact => "exact",
        StatusMatchKind.Partial => "partial",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a match kind."),
    };

    /// <summary>Parses a stored match kind.</summary>
    /// <exception cref="FormatException">The code is not one of ours.</exception>
    public static StatusMatchKind? MatchFromCode(string? code) => code switch
    {
        null => null,
        "exact" => StatusMatchKind.Exact,
        "partial" => StatusMatchKind.Partial,
        _ => throw new FormatException($"Unknown match kind '{code}'."),
    };

    /// <summary>Gets the stored code of a suggestion state.</summary>
    public static string? ToCode(SuggestionState? state) => state switch
    {
        null => null,
        SuggestionState.Pending => "pending",
        SuggestionState.Accepted => "accepted",
        SuggestionState.Rejected => "rejected",
        SuggestionState.Superseded => "superseded",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not a suggestion state."),
    };

    /// <summary>Parses a stored suggestion state.</summary>
    /// <exception cref="FormatException">The code is not one of ours.</exception>
    public static SuggestionState? StateFromCode(string? code) => code switch
    {
        null => null,
        "pending" => SuggestionState.Pending,
        "accepted" => SuggestionState.Accepted,
        "rejected" => SuggestionState.Rejected,
        "superseded" => SuggestionState.Superseded,
        _ => throw new FormatException($"Unknown suggestion state '{code}'."),
    };
}
