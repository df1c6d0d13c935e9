namespace LeadStatus.Analytics;

/// <summary>The one-sided 95% Wilson score lower bound of a proportion.</summary>
internal static class WilsonBound
{
    /// <summary>z for a one-sided 95% bound.</summary>
    public const double Z = 1.6448536269514722;

    /// <summary>Computes the lower bound of <paramref name="successes"/> out of <paramref name="trials"/>; null for no trials.</summary>
    public static double? Lower(long successes, long trials)
    {
        if (trials <= 0)
        {
            return null;
        }

        double n = trials;
        var p = successes / n;
        const double z2 = Z * Z;
        var centre = p + (z2 / (2 * n));
        var margin = Z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return Math.Max(0, (centre - margin) / (1 + (z2 / n)));
    }
}
