namespace LeadStatus.Analytics;

/// <summary>Where a confidence falls: its hundredth, rounded so that 0.29 is in 29 (0.29 × 100 is 28.999… in binary), 1 in 99.</summary>
internal static class ConfidenceBins
{
    /// <summary>The hundredth of a confidence, 0–99. PostgreSQL computes the same with <see cref="Sql"/>.</summary>
    public static int Percentile(double confidence) => Math.Min((int)Math.Floor(Math.Round(confidence * 100, 6)), 99);

    /// <summary>The same, in SQL, over a column named <c>confidence</c>.</summary>
    public const string Sql = "least(floor(round((confidence * 100)::numeric, 6))::int, 99)";
}
