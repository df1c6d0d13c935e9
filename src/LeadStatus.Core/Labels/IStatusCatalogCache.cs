namespace LeadStatus;

/// <summary>
/// Controls the library's cache of compiled status catalogs. Call it when a business edits its statuses,
/// so the next recommendation sees the change at once instead of after <see cref="LeadStatusOptions.CatalogCacheDuration"/>.
/// </summary>
public interface IStatusCatalogCache
{
    /// <summary>Drops the cached catalog of one business.</summary>
    /// <param name="businessId">The tenant.</param>
    void Invalidate(long businessId);

    /// <summary>Drops every cached catalog.</summary>
    void InvalidateAll();
}
