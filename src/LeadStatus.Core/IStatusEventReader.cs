namespace LeadStatus;

/// <summary>
/// Reads a business's recent events, newest first: what a dashboard or an audit screen shows. Registered by
/// <c>AddLeadStatusUpdates</c> over the configured store (both built-in stores implement it); every read is scoped by business.
/// </summary>
public interface IStatusEventReader
{
    /// <summary>Gets a business's most recent events, newest first, optionally only of one outcome and one source.</summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="outcome">Only events with this outcome, or all when null.</param>
    /// <param name="source">Only events of this source, or all when null.</param>
    /// <param name="limit">At most this many, 1–1,000.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events, newest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> or <paramref name="limit"/> is out of range.</exception>
    Task<IReadOnlyList<LeadStatusEventRecord>> GetRecentEventsAsync(
        long businessId, StatusUpdateOutcome? outcome = null, string? source = null, int limit = 100, CancellationToken cancellationToken = default);
}
