using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace LeadStatus.Labels;

/// <summary>
/// Caches a compiled <see cref="StatusCatalogSnapshot"/> per business for <see cref="LeadStatusOptions.CatalogCacheDuration"/>,
/// so the hot path neither reads the catalog nor re-normalizes it on every call.
/// </summary>
internal sealed class StatusCatalogCache : IStatusCatalogCache
{
    private readonly IStatusCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly ConcurrentDictionary<long, Entry> _entries = new();

    public StatusCatalogCache(IStatusCatalog catalog, IOptions<LeadStatusOptions> options, TimeProvider time)
    {
        _catalog = catalog;
        _time = time;
        _duration = options.Value.CatalogCacheDuration;
        if (catalog is InMemoryStatusCatalog inMemory)
        {
            // In-process edits take effect at once.
            inMemory.Changed += Invalidate;
        }
    }

    /// <summary>Gets the compiled catalog of a business, reading it through <see cref="IStatusCatalog"/> when the cached one expired.</summary>
    public async ValueTask<StatusCatalogSnapshot> GetAsync(long businessId, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_entries.TryGetValue(businessId, out var entry) && _time.GetElapsedTime(entry.LoadedAt, now) < _duration)
        {
            return entry.Snapshot;
        }

        var statuses = await _catalog.GetStatusesAsync(businessId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{_catalog.GetType().Name}.GetStatusesAsync returned null for business {businessId}; return an empty list instead.");

        // A catalog that hands back the same list instance keeps its compiled snapshot.
        var snapshot = entry is not null && ReferenceEquals(entry.Source, statuses) ? entry.Snapshot : StatusCatalogSnapshot.Create(statuses);
        if (_duration > TimeSpan.Zero)
        {
            _entries[businessId] = new Entry(statuses, snapshot, now);
        }

        return snapshot;
    }

    /// <inheritdoc />
    public void Invalidate(long businessId) => _entries.TryRemove(businessId, out _);

    /// <inheritdoc />
    public void InvalidateAll() => _entries.Clear();

    private sealed record Entry(IReadOnlyList<LeadStatusDefinition> Source, StatusCatalogSnapshot Snapshot, long LoadedAt);
}
