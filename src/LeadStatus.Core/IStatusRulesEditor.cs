namespace LeadStatus;

/// <summary>
/// Reads and stores a business's <see cref="LeadStatusRules"/>, for a host's settings screen. Registered by <c>AddLeadStatusUpdates</c>;
/// storing needs a writable provider (<see cref="InMemoryStatusRules"/>, or the PostgreSQL one that <c>UsePostgres</c> registers).
/// </summary>
public interface IStatusRulesEditor
{
    /// <summary>Gets a business's stored rules.</summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rules, or <see langword="null"/> when the business has none.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> is not positive.</exception>
    ValueTask<LeadStatusRules?> GetRulesAsync(long businessId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates and stores a business's rules; they take effect on the next call in this process (and within
    /// <see cref="LeadStatusOptions.CatalogCacheDuration"/> in others).
    /// </summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="rules">The rules, or <see langword="null"/> to remove them (the options apply).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the rules are stored.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> is not positive.</exception>
    /// <exception cref="ArgumentException">
    /// A member is invalid (its name is the exception's <see cref="ArgumentException.ParamName"/>): a threshold outside [0, 1] or NaN,
    /// a suggestion threshold above an apply threshold of the same rules, a negative duration, a status id the business's catalog
    /// does not have, a source that is not a valid source name, or automation hours with an unknown time zone or an empty window.
    /// </exception>
    /// <exception cref="InvalidOperationException">The configured <see cref="IStatusRulesProvider"/> cannot store rules.</exception>
    Task SetRulesAsync(long businessId, LeadStatusRules? rules, CancellationToken cancellationToken = default);
}
