namespace LeadStatus.Policy;

/// <summary>
/// <see cref="IStatusRulesEditor"/>: validates rules against the options' shape rules and the business's catalog (read fresh, not
/// from the cache), stores them through the configured provider and drops the cached copy.
/// </summary>
internal sealed class StatusRulesEditor(IStatusRulesProvider provider, IStatusCatalog catalog, StatusRulesCache cache) : IStatusRulesEditor
{
    /// <inheritdoc />
    public ValueTask<LeadStatusRules?> GetRulesAsync(long businessId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        return provider.GetRulesAsync(businessId, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SetRulesAsync(long businessId, LeadStatusRules? rules, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        if (provider is not IStatusRulesWriter writer)
        {
            throw new InvalidOperationException(
                $"The configured rules provider {provider.GetType().Name} cannot store rules; store them where it reads them.");
        }

        if (rules is not null)
        {
            var statuses = await catalog.GetStatusesAsync(businessId, cancellationToken).ConfigureAwait(false) ?? [];
            var ids = statuses.Where(s => s is not null).Select(s => s.StatusId).ToHashSet(StringComparer.Ordinal);
            LeadStatusRulesValidator.Validate(rules, ids);
        }

        await writer.WriteRulesAsync(businessId, rules, cancellationToken).ConfigureAwait(false);
        cache.Invalidate(businessId);
    }
}
