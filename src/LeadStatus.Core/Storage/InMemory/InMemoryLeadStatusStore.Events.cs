namespace LeadStatus;

/// <content>The recent-events read: the same filter and order as the PostgreSQL statement.</content>
public sealed partial class InMemoryLeadStatusStore : IStatusEventReader
{
    /// <inheritdoc />
    public Task<IReadOnlyList<LeadStatusEventRecord>> GetRecentEventsAsync(
        long businessId, StatusUpdateOutcome? outcome = null, string? source = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<LeadStatusEventRecord> events = [.. _events
                .Where(e => e.BusinessId == businessId && (outcome is null || e.Outcome == outcome) && (source is null || string.Equals(e.Source, source, StringComparison.Ordinal)))
                .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
                .Take(limit)];
            return Task.FromResult(events);
        }
    }
}
