using System.Diagnostics;

namespace LeadStatus.Load;

/// <summary>The sorted latencies (in Stopwatch ticks) and outcome counts of one measured run.</summary>
/// <remarks>With <c>--batch N</c> a latency is one <c>ApplyManyAsync</c> call of N recommendations, and <see cref="Items"/> counts the recommendations.</remarks>
internal sealed record RunResult(long[] SortedTicks, IReadOnlyDictionary<StatusUpdateOutcome, int> Outcomes, int Errors, int Cancelled, long Items)
{
    public int Calls => SortedTicks.Length;

    /// <summary>The nearest-rank percentile, in milliseconds.</summary>
    public double Percentile(double p) => SortedTicks.Length == 0
        ? double.NaN
        : SortedTicks[Math.Clamp((int)Math.Ceiling(p * SortedTicks.Length) - 1, 0, SortedTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
}
