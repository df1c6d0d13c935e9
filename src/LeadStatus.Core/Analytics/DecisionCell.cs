namespace LeadStatus.Analytics;

/// <summary>
/// Automated decisions (applied changes and suggestions of recommendations) aggregated by what the report needs: the stores
/// return these cells (set-based on PostgreSQL), and <see cref="ReportBuilder"/> derives every figure from them once.
/// </summary>
/// <param name="Source">The recommendation's source.</param>
/// <param name="StatusId">The recommended status.</param>
/// <param name="Percentile">The confidence's hundredth, 0–99 (<see cref="ConfidenceBins.Percentile"/>).</param>
/// <param name="Suggestion">Whether these were suggestions (else applied changes).</param>
/// <param name="Judgement">How they were judged.</param>
/// <param name="Count">How many.</param>
/// <param name="SumConfidence">The sum of their confidences.</param>
/// <param name="SumSquares">The sum of their squared confidences.</param>
internal sealed record DecisionCell(
    string Source, string StatusId, int Percentile, bool Suggestion, Judgement Judgement, long Count, double SumConfidence, double SumSquares);
