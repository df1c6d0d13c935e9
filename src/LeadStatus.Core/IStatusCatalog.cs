namespace LeadStatus;

/// <summary>
/// Supplies the statuses a business uses for its leads, with their display labels and aliases.
/// </summary>
/// <remarks>
/// The library caches a compiled snapshot per business (see <see cref="LeadStatusOptions.CatalogCacheDuration"/>)
/// and invalidates it through <see cref="IStatusCatalogCache"/>, so an implementation may read a database.
/// </remarks>
public interface IStatusCatalog
{
    /// <summary>Gets the statuses of a business.</summary>
    /// <param name="businessId">The tenant.</param>
    /// <param name="cancellationToken">A token that cancels the read.</param>
    /// <returns>The business's statuses; empty when the business has none.</returns>
    ValueTask<IReadOnlyList<LeadStatusDefinition>> GetStatusesAsync(long businessId, CancellationToken cancellationToken = default);
}
