using LeadStatus.Internal;
using Microsoft.Extensions.Options;

namespace LeadStatus.Policy;

/// <summary>
/// Caches each business's compiled <see cref="BusinessRules"/> exactly like the catalog (a <see cref="TenantCache{T}"/> with the
/// catalog's duration and size limit), so a rules lookup never reads the database on the hot path. Rules a provider returns are
/// validated when compiled: invalid ones fail the call with an <see cref="InvalidOperationException"/> before anything is written.
/// </summary>
internal sealed class StatusRulesCache : IDisposable
{
    private readonly IStatusRulesProvider _provider;
    private readonly LeadStatusOptions _options;
    private readonly BusinessRules _defaults;
    private readonly TenantCache<BusinessRules> _cache;

    public StatusRulesCache(IStatusRulesProvider provider, IOptions<LeadStatusOptions> options, TimeProvider time)
    {
        _provider = provider;
        _options = options.Value;
        _defaults = BusinessRules.Compile(null, _options);
        _cache = new TenantCache<BusinessRules>(LoadAsync, _options.CatalogCacheDuration, _options.CatalogCacheSizeLimit, time);
        if (provider is InMemoryStatusRules inMemory)
        {
            inMemory.Changed += Invalidate;
        }
    }

    /// <summary>Gets a business's compiled rules.</summary>
    /// <exception cref="InvalidOperationException">The provider returned invalid rules.</exception>
    public ValueTask<BusinessRules> GetAsync(long businessId, CancellationToken cancellationToken) => _cache.GetAsync(businessId, cancellationToken);

    /// <summary>Drops a business's cached rules.</summary>
    public void Invalidate(long businessId) => _cache.Invalidate(businessId);

    /// <inheritdoc />
    public void Dispose()
    {
        _cache.Dispose();
        if (_provider is InMemoryStatusRules inMemory)
        {
            inMemory.Changed -= Invalidate;
        }
    }

    private async Task<BusinessRules> LoadAsync(long businessId)
    {
        var rules = await _provider.GetRulesAsync(businessId, CancellationToken.None).ConfigureAwait(false);
        try
        {
            return rules is null ? _defaults : BusinessRules.Compile(rules, _options);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException(
                $"{_provider.GetType().Name} returned invalid rules for business {businessId}: {ex.Message} Nothing was written.", ex);
        }
    }
}
