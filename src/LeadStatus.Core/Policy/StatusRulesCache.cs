using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace LeadStatus.Policy;

/// <summary>
/// Caches each business's compiled <see cref="BusinessRules"/> for <see cref="LeadStatusOptions.CatalogCacheDuration"/>, like the
/// catalog, so a rules lookup never reads the database on the hot path. Rules a provider returns are validated when compiled:
/// invalid ones fail the call with an <see cref="InvalidOperationException"/> before anything is written.
/// </summary>
internal sealed class StatusRulesCache
{
    private readonly IStatusRulesProvider _provider;
    private readonly LeadStatusOptions _options;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly BusinessRules _defaults;
    private readonly ConcurrentDictionary<long, Entry> _entries = new();
    private long _generation;

    public StatusRulesCache(IStatusRulesProvider provider, IOptions<LeadStatusOptions> options, TimeProvider time)
    {
        _provider = provider;
        _options = options.Value;
        _time = time;
        _duration = _options.CatalogCacheDuration;
        _defaults = BusinessRules.Compile(null, _options);
        if (provider is InMemoryStatusRules inMemory)
        {
            inMemory.Changed += Invalidate;
        }
    }

    /// <summary>Gets a business's compiled rules.</summary>
    /// <exception cref="InvalidOperationException">The provider returned invalid rules.</exception>
    public async ValueTask<BusinessRules> GetAsync(long businessId, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_entries.TryGetValue(businessId, out var entry) && _time.GetElapsedTime(entry.LoadedAt, now) < _duration)
        {
            return entry.Rules;
        }

        var generation = Volatile.Read(ref _generation);
        var rules = await _provider.GetRulesAsync(businessId, cancellationToken).ConfigureAwait(false);
        BusinessRules compiled;
        try
        {
            compiled = rules is null ? _defaults : BusinessRules.Compile(rules, _options);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(
                $"{_provider.GetType().Name} returned invalid rules for business {businessId}: {ex.Message} Nothing was written.", ex);
        }

        // An invalidation that raced this load wins: the possibly stale result serves this call but is not cached.
        if (_duration > TimeSpan.Zero && generation == Volatile.Read(ref _generation))
        {
            _entries[businessId] = new Entry(compiled, now);
        }

        return compiled;
    }

    /// <summary>Drops a business's cached rules.</summary>
    public void Invalidate(long businessId)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(businessId, out _);
    }

    private sealed record Entry(BusinessRules Rules, long LoadedAt);
}
