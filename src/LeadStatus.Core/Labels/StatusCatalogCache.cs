using LeadStatus.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadStatus.Labels;

/// <summary>
/// Caches a compiled <see cref="StatusCatalogSnapshot"/> per business (a <see cref="TenantCache{T}"/>: bounded by
/// <see cref="LeadStatusOptions.CatalogCacheSizeLimit"/>, expiring after <see cref="LeadStatusOptions.CatalogCacheDuration"/>,
/// one load per business in flight, invalidation wins), so the hot path neither reads the catalog nor re-normalizes it.
/// </summary>
internal sealed class StatusCatalogCache : IStatusCatalogCache, IDisposable
{
    private const int MaxProblemsLogged = 10;

    private readonly IStatusCatalog _catalog;
    private readonly ILogger _logger;
    private readonly TenantCache<StatusCatalogSnapshot> _cache;

    public StatusCatalogCache(IStatusCatalog catalog, IOptions<LeadStatusOptions> options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        _catalog = catalog;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.Category);
        _cache = new TenantCache<StatusCatalogSnapshot>(LoadAsync, options.Value.CatalogCacheDuration, options.Value.CatalogCacheSizeLimit, time);
        if (catalog is InMemoryStatusCatalog inMemory)
        {
            // In-process edits take effect at once.
            inMemory.Changed += Invalidate;
        }
    }

    /// <summary>Gets the number of businesses whose compiled catalog is held (for tests and diagnostics).</summary>
    public int Count => _cache.Count;

    /// <summary>Gets the compiled catalog of a business, reading it through <see cref="IStatusCatalog"/> when none is cached or it expired.</summary>
    /// <param name="businessId">The tenant.</param>
    /// <param name="cancellationToken">Stops this caller's wait; a load other callers share runs on.</param>
    /// <returns>The snapshot.</returns>
    public ValueTask<StatusCatalogSnapshot> GetAsync(long businessId, CancellationToken cancellationToken) => _cache.GetAsync(businessId, cancellationToken);

    /// <inheritdoc />
    public void Invalidate(long businessId) => _cache.Invalidate(businessId);

    /// <inheritdoc />
    public void InvalidateAll() => _cache.InvalidateAll();

    /// <inheritdoc />
    public void Dispose()
    {
        _cache.Dispose();
        if (_catalog is InMemoryStatusCatalog inMemory)
        {
            inMemory.Changed -= Invalidate;
        }
    }

    private async Task<StatusCatalogSnapshot> LoadAsync(long businessId)
    {
        var statuses = await _catalog.GetStatusesAsync(businessId, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                $"{_catalog.GetType().Name}.GetStatusesAsync returned null for business {businessId}; return an empty list instead.");
        var snapshot = StatusCatalogSnapshot.Create(statuses);
        if (snapshot.Problems.Count > 0)
        {
            Log.CatalogRowsLeftOut(_logger, businessId, snapshot.Problems.Count, statuses.Count, string.Join("; ", snapshot.Problems.Take(MaxProblemsLogged)));
        }

        return snapshot;
    }
}
