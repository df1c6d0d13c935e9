namespace LeadStatus;

/// <summary>A suggested apply threshold and its evidence.</summary>
/// <param name="Threshold">The threshold, or null when the evidence does not support one.</param>
/// <param name="SampleSize">The judged decisions at or above the threshold (or, without one, at or above the highest candidate tried).</param>
/// <param name="PrecisionLowerBound">Their one-sided 95% Wilson lower bound of precision.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record ThresholdSuggestion(double? Threshold, long SampleSize, double? PrecisionLowerBound, string Reason);
