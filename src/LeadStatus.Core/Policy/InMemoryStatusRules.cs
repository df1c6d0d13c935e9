using System.Collections.Concurrent;
using LeadStatus.Policy;

namespace LeadStatus;

/// <summary>
/// An <see cref="IStatusRulesProvider"/> held in memory, for samples, tests and hosts whose rules are fixed in code.
/// Changes made with <see cref="Set"/> take effect on the next call. <c>UseInMemoryStore()</c> registers one unless rules are configured.
/// </summary>
public sealed class InMemoryStatusRules : IStatusRulesProvider, IStatusRulesWriter
{
    private readonly ConcurrentDictionary<long, LeadStatusRules> _rules = new();

    /// <summary>Raised with the business id after a business's rules changed.</summary>
    internal event Action<long>? Changed;

    /// <summary>Replaces the rules of a business.</summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="rules">The rules. Status ids are not checked against a catalog here; <see cref="IStatusRulesEditor"/> does that.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> is not positive.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="rules"/> is null.</exception>
    /// <exception cref="ArgumentException">A member is invalid; the exception's parameter name names it.</exception>
    public void Set(long businessId, LeadStatusRules rules)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        ArgumentNullException.ThrowIfNull(rules);
        LeadStatusRulesValidator.Validate(rules, statusIds: null);
        _rules[businessId] = rules;
        Changed?.Invoke(businessId);
    }

    /// <summary>Removes the rules of a business; the options apply again.</summary>
    /// <param name="businessId">The tenant.</param>
    public void Remove(long businessId)
    {
        _rules.TryRemove(businessId, out _);
        Changed?.Invoke(businessId);
    }

    /// <inheritdoc />
    public ValueTask<LeadStatusRules?> GetRulesAsync(long businessId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_rules.GetValueOrDefault(businessId));

    /// <inheritdoc />
    Task IStatusRulesWriter.WriteRulesAsync(long businessId, LeadStatusRules? rules, CancellationToken cancellationToken)
    {
        if (rules is null)
        {
            Remove(businessId);
        }
        else
        {
            Set(businessId, rules);
        }

        return Task.CompletedTask;
    }
}
