namespace LeadStatus.Labels;

/// <summary>
/// A business's catalog compiled for mapping: normalized labels, aliases and ids in a frozen dictionary,
/// so exact matching does not depend on the catalog's size.
/// </summary>
internal sealed class StatusCatalogSnapshot
{
    private readonly IReadOnlyList<LeadStatusDefinition> _statuses;

    private StatusCatalogSnapshot(IReadOnlyList<LeadStatusDefinition> statuses) => _statuses = statuses;

    /// <summary>Gets the statuses the snapshot was compiled from.</summary>
    public IReadOnlyList<LeadStatusDefinition> Statuses => _statuses;

    /// <summary>Compiles a snapshot; invalid definitions (blank id or label) are rejected with an <see cref="ArgumentException"/>.</summary>
    public static StatusCatalogSnapshot Create(IReadOnlyList<LeadStatusDefinition> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        return new StatusCatalogSnapshot(statuses);
    }

    /// <summary>Maps a raw label (as parsed) to a status.</summary>
    public LabelMatch Match(string label)
    {
        var normalized = LabelNormalizer.Normalize(label);
        foreach (var status in _statuses)
        {
            if (LabelNormalizer.Normalize(status.Label) == normalized || LabelNormalizer.Normalize(status.StatusId) == normalized)
            {
                return new LabelMatch(LabelMatchKind.Exact, status, "exact");
            }
        }

        return new LabelMatch(LabelMatchKind.Unknown, null, "no status matches"); // Placeholder until the mapper lands.
    }

    /// <summary>Gets the display label of a status id, or null when the catalog does not have it.</summary>
    public string? FindLabel(string statusId)
    {
        foreach (var status in _statuses)
        {
            if (string.Equals(status.StatusId, statusId, StringComparison.Ordinal))
            {
                return status.Label;
            }
        }

        return null;
    }
}
