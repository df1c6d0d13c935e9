namespace LeadStatus;

/// <summary>One tenth of the confidence range, [<see cref="Lower"/>, <see cref="Upper"/>) (the last bin includes 1).</summary>
/// <param name="Lower">The bin's lower bound, inclusive.</param>
/// <param name="Upper">The bin's upper bound.</param>
/// <param name="Count">Automated decisions (applied changes and suggestions) with a confidence in the bin.</param>
/// <param name="Judged">Of them, judged.</param>
/// <param name="Correct">Of those, correct.</param>
public sealed record ConfidenceBin(double Lower, double Upper, long Count, long Judged, long Correct);
