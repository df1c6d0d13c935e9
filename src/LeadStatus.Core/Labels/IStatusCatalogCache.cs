namespace LeadStatus;

/// <summary>
/// Controls the library's cache of compiled status catalogs. Call it when a business edits its statuses,
/// so the next recommendation sees the change at once instead of after <see cref="LeadStatusOptions.CatalogCacheDuration"/>.
/// </summary>
public interface IStatusCatalogCache
{
    /// <summary>
    /// Drops the cached catalog of one business. A read of its catalog already in flight still answers the calls waiting for it
    /// but is not kept, so the next call reads the catalog again and never sees a snapshot older than the invalidation for long.
    /// </summary>
    /// <param name="businessId">The tenant.</param>
    void Invalidate(long businessId);

    /// <summary>Drops every cached catalog; reads in flight are not kept, as with <see cref="Invalidate"/>.</summary>
    void InvalidateAll();
}
