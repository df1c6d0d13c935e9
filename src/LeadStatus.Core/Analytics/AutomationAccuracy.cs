namespace LeadStatus;

/// <summary>
/// The accuracy of automated decisions: a decision is judged correct when its suggestion was accepted or its applied change is
/// still unchanged by a person after <see cref="LeadStatusOptions.CorrectionWindow"/>, and incorrect when its suggestion was
/// rejected or its change was reverted or changed by a person within that window.
/// </summary>
/// <param name="Judged">Decisions judged so far.</param>
/// <param name="Correct">Of them, correct.</param>
/// <param name="Precision">Correct / judged; null when nothing was judged.</param>
/// <param name="PrecisionLowerBound">The one-sided 95% Wilson lower bound of the precision; null when nothing was judged.</param>
public sealed record AutomationAccuracy(long Judged, long Correct, double? Precision, double? PrecisionLowerBound);
