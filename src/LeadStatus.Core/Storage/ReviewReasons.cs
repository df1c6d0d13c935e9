namespace LeadStatus.Storage;

/// <summary>
/// The reasons recorded for a person's actions. Templates with <c>%s</c> placeholders are filled by PostgreSQL's <c>format()</c>
/// in the review statement and by <see cref="Policy.RuleReasons.Format"/> in the in-memory store, so both record the same words.
/// </summary>
internal static class ReviewReasons
{
    /// <summary>Template: the suggestion id, the actor.</summary>
    public const string Accepted = "suggestion %s accepted by %s";

    /// <summary>Template: the suggestion id, the actor.</summary>
    public const string Rejected = "suggestion %s rejected by %s";

    /// <summary>Template: the reverted event id, the actor.</summary>
    public const string Reverted = "change %s reverted by %s";

    /// <summary>Template: the suggestion id.</summary>
    public const string Expired = "suggestion %s is no longer pending (expired, superseded or decided)";

    /// <summary>Template: the status the suggestion was made on, the lead's status now.</summary>
    public const string LeadMoved = "the lead moved on from '%s' and now has '%s'";

    /// <summary>Template: the status the change set, the lead's status now.</summary>
    public const string ChangeMoved = "the lead no longer has '%s' (it has '%s')";

    /// <summary>Template: the suggested status.</summary>
    public const string StatusGone = "status '%s' is no longer in the business's catalog";
}
