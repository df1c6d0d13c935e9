namespace LeadStatus.Policy;

/// <summary>The confidence policy (ARCHITECTURE §3, Policy).</summary>
internal static class ConfidencePolicy
{
    /// <summary>Returns whether a recommendation with <paramref name="confidence"/> may be applied: the threshold is inclusive.</summary>
    public static bool Allows(double confidence, double threshold) => confidence >= threshold;
}
