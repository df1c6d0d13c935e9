namespace LeadStatus.Labels;

/// <summary>
/// The one normalization applied to both sides of a label comparison (ARCHITECTURE §3, Normalization).
/// </summary>
internal static class LabelNormalizer
{
    /// <summary>Returns the normalized form of <paramref name="value"/>.</summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Trim().ToLowerInvariant(); // Placeholder until the normalizer lands.
    }
}
