namespace LeadStatus.Analytics;

/// <summary>
/// Reads a business's analytics from the events of [from, to), judging each automated decision as of <c>now</c> with the
/// correction window (<see cref="Judgement"/>): the judging rule is written once per store and proved alike by the conformance suite.
/// </summary>
internal interface IAnalyticsStore
{
    /// <summary>Reads the counts and decision cells.</summary>
    Task<AnalyticsData> ReadAnalyticsAsync(
        long businessId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, TimeSpan correctionWindow, CancellationToken cancellationToken);
}
