namespace LeadStatus.Policy;

/// <summary>A rules provider that can also store rules (<see cref="InMemoryStatusRules"/>, the PostgreSQL provider).</summary>
internal interface IStatusRulesWriter
{
    /// <summary>Stores (or, with null, removes) a business's already validated rules.</summary>
    Task WriteRulesAsync(long businessId, LeadStatusRules? rules, CancellationToken cancellationToken);
}
