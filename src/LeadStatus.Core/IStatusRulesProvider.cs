namespace LeadStatus;

/// <summary>
/// Supplies each business's <see cref="LeadStatusRules"/>. The library caches the result for
/// <see cref="LeadStatusOptions.CatalogCacheDuration"/> (invalidate with <see cref="IStatusRulesEditor.SetRulesAsync"/> or
/// <see cref="IStatusCatalogCache"/>), so an implementation may read a database.
/// </summary>
public interface IStatusRulesProvider
{
    /// <summary>Gets a business's rules.</summary>
    /// <param name="businessId">The tenant.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rules, or <see langword="null"/> when the business has none (the options apply).</returns>
    ValueTask<LeadStatusRules?> GetRulesAsync(long businessId, CancellationToken cancellationToken = default);
}
