using System.Collections.Concurrent;

namespace LeadStatus;

/// <summary>
/// An <see cref="IStatusCatalog"/> held in memory, for samples, tests and hosts whose statuses are fixed in code.
/// Changes made with <see cref="Set"/> take effect on the next call.
/// </summary>
public sealed class InMemoryStatusCatalog : IStatusCatalog
{
    private readonly ConcurrentDictionary<long, IReadOnlyList<LeadStatusDefinition>> _statuses = new();

    /// <summary>Raised with the business id after <see cref="Set"/> changed a business's statuses.</summary>
    internal event Action<long>? Changed;

    /// <summary>Replaces the statuses of a business.</summary>
    /// <param name="businessId">The tenant; must be positive.</param>
    /// <param name="statuses">The statuses; ids and labels must be non-blank and ids unique.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="businessId"/> is not positive.</exception>
    /// <exception cref="ArgumentException">A status is null, has a blank id or label, or repeats an id.</exception>
    public void Set(long businessId, params LeadStatusDefinition[] statuses)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        ArgumentNullException.ThrowIfNull(statuses);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var status in statuses)
        {
            if (status is null || string.IsNullOrWhiteSpace(status.StatusId) || string.IsNullOrWhiteSpace(status.Label))
            {
                throw new ArgumentException("Every status needs a non-blank StatusId and Label.", nameof(statuses));
            }

            if (!ids.Add(status.StatusId))
            {
                throw new ArgumentException($"Status id '{status.StatusId}' appears more than once.", nameof(statuses));
            }
        }

        _statuses[businessId] = [.. statuses];
        Changed?.Invoke(businessId);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LeadStatusDefinition>> GetStatusesAsync(long businessId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_statuses.TryGetValue(businessId, out var statuses) ? statuses : []);
}
