using System.Globalization;

namespace LeadStatus;

/// <summary>
/// An English formatter, for example the title <c>Lead status updated</c> and the body
/// <c>Lead Dana Cohen moved from "New lead" to "Interested" after a WhatsApp summary (confidence 87%).</c>
/// Register it with <c>UseNotificationFormatter&lt;EnglishNotificationFormatter&gt;()</c>.
/// </summary>
/// <remarks>
/// One text per <see cref="NotificationKind"/>: a status change (<c>Lead status updated</c>), a suggestion waiting for review
/// (<c>Status change awaiting review</c>), a reverted change (<c>Status change reverted</c>) and a digest
/// (<c>Lead status digest (3)</c>, one line per change). A lead without a name is named by
/// its id (<c>Lead #123</c>); a lead without a previous status says so (<c>no previous status</c>); the sources
/// <see cref="StatusSources.WhatsAppSummary"/> and <see cref="StatusSources.CallSummary"/> are named in words, any other source by
/// its code; the confidence is a whole percentage.
/// </remarks>
public sealed class EnglishNotificationFormatter : INotificationFormatter
{
    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="notification"/> is null.</exception>
    public NotificationText Format(StatusChangeNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var n = notification;
        var lead = Lead(n);
        var previous = n.PreviousStatusLabel ?? n.PreviousStatusId;
        var source = n.Source switch
        {
            StatusSources.WhatsAppSummary => "a WhatsApp summary",
            StatusSources.CallSummary => "a call summary",
            _ => $"source {n.Source}",
        };
        return n.Kind switch
        {
            NotificationKind.Digest => new NotificationText(
                string.Create(CultureInfo.InvariantCulture, $"Lead status digest ({n.Changes.Count})"),
                string.Join('\n', n.Changes.Select(c => $"• {Lead(c)} {Move(c)}"))),
            NotificationKind.SuggestionPending => new NotificationText(
                "Status change awaiting review",
                string.Create(CultureInfo.InvariantCulture, $"{lead}: suggested move {(previous is null ? string.Empty : $"from \"{previous}\" ")}to \"{n.NewStatusLabel}\" after {source} (confidence {n.ConfidencePercent}%), awaiting review.")),
            NotificationKind.ChangeReverted => new NotificationText(
                "Status change reverted",
                $"{lead} was moved back {(previous is null ? string.Empty : $"from \"{previous}\" ")}to \"{n.NewStatusLabel}\"."),
            _ => new NotificationText(
                "Lead status updated",
                string.Create(CultureInfo.InvariantCulture, $"{lead} {Move(n)} after {source} (confidence {n.ConfidencePercent}%).")),
        };
    }

    private static string Lead(StatusChangeNotification n) => string.IsNullOrWhiteSpace(n.LeadName)
        ? string.Create(CultureInfo.InvariantCulture, $"Lead #{n.LeadId}")
        : $"Lead {n.LeadName.Trim()}";

    private static string Move(StatusChangeNotification n) => (n.PreviousStatusLabel ?? n.PreviousStatusId) is { } previous
        ? $"moved from \"{previous}\" to \"{n.NewStatusLabel}\""
        : $"was set to \"{n.NewStatusLabel}\" (no previous status)";
}
