namespace LeadStatus.Policy;

/// <summary>The rules provider until a store or the host chooses one: no business has rules, the options apply.</summary>
internal sealed class NoStatusRules : IStatusRulesProvider
{
    /// <summary>The one instance.</summary>
    public static readonly NoStatusRules Instance = new();

    /// <inheritdoc />
    public ValueTask<LeadStatusRules?> GetRulesAsync(long businessId, CancellationToken cancellationToken = default) => ValueTask.FromResult<LeadStatusRules?>(null);
}
