using LeadStatus.Notifications;
using LeadStatus.Storage;

namespace LeadStatus.Tests.Storage;

/// <summary>A store under test plus what the conformance suite needs around it: seeding leads and reading rows back.</summary>
internal interface IStoreHarness : IAsyncDisposable
{
    ILeadStatusStore Store { get; }

    INotificationOutbox Outbox { get; }

    Task SeedLeadAsync(long businessId, long leadId, string? name, string statusId);

    Task<string?> GetLeadStatusAsync(long businessId, long leadId);

    Task<IReadOnlyList<LeadStatusEventRecord>> GetEventsAsync(long businessId);

    Task<IReadOnlyList<LeadStatusHistoryRecord>> GetHistoryAsync(long businessId);

    Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(long businessId);
}

/// <summary>Builds the writes the service would build.</summary>
internal static class Writes
{
    /// <summary>The write the service builds for <paramref name="label"/> mapped against <paramref name="catalog"/>.</summary>
    public static StatusEventWrite Mapped(long businessId, long leadId, string key, string label, LeadStatus.Labels.StatusCatalogSnapshot catalog)
    {
        var match = catalog.Match(label);
        var outcome = match.Status is not null ? StatusUpdateOutcome.Applied
            : match.Kind == LeadStatus.Labels.LabelMatchKind.Ambiguous ? StatusUpdateOutcome.AmbiguousLabel : StatusUpdateOutcome.UnknownLabel;
        return new(businessId, leadId, StatusSources.WhatsAppSummary, key, label, match.Status?.StatusId, match.Status?.Label, 0.9,
            RequestFingerprint.Compute(leadId, label), outcome, match.Detail, Guid.CreateVersion7(), T0);
    }

    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    public static StatusEventWrite Apply(
        long businessId,
        long leadId,
        string key,
        string statusId = "interested",
        string? label = "מעוניין",
        string? statusLabel = "מעוניין",
        StatusUpdateOutcome proposed = StatusUpdateOutcome.Applied,
        string reason = "exact match",
        double confidence = 0.9,
        string source = StatusSources.WhatsAppSummary,
        DateTimeOffset? now = null) =>
        new(businessId, leadId, source, key, label, proposed == StatusUpdateOutcome.NoRecommendation ? null : statusId,
            proposed == StatusUpdateOutcome.NoRecommendation ? null : statusLabel, confidence, RequestFingerprint.Compute(leadId, label),
            proposed, reason, Guid.CreateVersion7(), now ?? T0);
}
