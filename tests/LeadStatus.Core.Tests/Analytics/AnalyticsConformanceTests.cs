using LeadStatus.Analytics;
using LeadStatus.Tests.Storage;
using LeadStatus.Tests.Support;
using Microsoft.Extensions.Options;

namespace LeadStatus.Tests.Analytics;

/// <summary>
/// Meaning, not shape: a generated history with known ground truth — one AI calibrated by construction, one over-confident —
/// replayed through the services on both stores; every figure of the report must equal what the ground truth says.
/// </summary>
public abstract class AnalyticsConformanceTests
{
    private const int Decisions = 400;
    private ServiceUnderTest _sut = null!;

    private protected abstract Task<IStoreHarness> CreateHarnessAsync();

    [SetUp]
    public async Task CreateHarness()
    {
        _sut = new ServiceUnderTest(await CreateHarnessAsync());
        _sut.Options.SuggestionThreshold = 0.5;
    }

    [TearDown]
    public async Task DisposeHarness() => await _sut.Harness.DisposeAsync();

    [Test]
    public async Task A_calibrated_AI_measures_calibrated_and_an_over_confident_one_does_not()
    {
        var other = new ServiceUnderTest(_sut.Harness);
        other.Options.SuggestionThreshold = 0.5;
        var calibrated = await ReplayAsync(_sut, StatusSources.CallSummary, seed: 1, overconfidence: 0);
        var overconfident = await ReplayAsync(other, StatusSources.WhatsAppSummary, seed: 2, overconfidence: 0.35);
        _sut.Time.Advance(_sut.Options.CorrectionWindow + TimeSpan.FromDays(1)); // every untouched change is now implicitly correct
        other.Time.Advance(other.Options.CorrectionWindow + TimeSpan.FromDays(1));

        var calibratedReport = await AnalyticsOf(_sut).GetReportAsync(_sut.Business, ServiceUnderTest.T0, ServiceUnderTest.T0.AddDays(3));
        var overconfidentReport = await AnalyticsOf(other).GetReportAsync(other.Business, ServiceUnderTest.T0, ServiceUnderTest.T0.AddDays(3));

        AssertReport(calibratedReport, calibrated, StatusSources.CallSummary);
        AssertReport(overconfidentReport, overconfident, StatusSources.WhatsAppSummary);
        Assert.That(calibratedReport.ExpectedCalibrationError, Is.LessThan(0.1), "calibrated by construction");
        Assert.That(overconfidentReport.ExpectedCalibrationError, Is.GreaterThan(0.25), "right 35 points less often than it claims");
        Assert.That(overconfidentReport.BrierScore, Is.GreaterThan(calibratedReport.BrierScore!.Value));
    }

    private static void AssertReport(StatusAnalyticsReport report, List<Decision> all, string source) => Assert.Multiple(() =>
    {
        Assert.That(report.Accuracy, Is.EqualTo(Expected(all)));
        Assert.That(report.AccuracyBySource[source], Is.EqualTo(Expected(all)));
        Assert.That(report.AccuracyByStatus.Keys, Is.EquivalentTo(all.Select(d => d.Status).Distinct()));
        foreach (var status in all.Select(d => d.Status).Distinct())
        {
            Assert.That(report.AccuracyByStatus[status], Is.EqualTo(Expected(all.Where(d => d.Status == status))), status);
        }

        Assert.That(report.ExplicitAccuracy, Is.EqualTo(Expected(all.Where(d => d.Suggestion || !d.Correct))));
        Assert.That(report.ImplicitAccuracy, Is.EqualTo(Expected(all.Where(d => !d.Suggestion && d.Correct))));
        Assert.That(report.SuggestionAcceptanceRate, Is.EqualTo(
            (double)all.Count(d => d.Suggestion && d.Correct) / all.Count(d => d.Suggestion)).Within(1e-12));
        Assert.That(report.ExpectedCalibrationError, Is.EqualTo(Ece(all)).Within(1e-9));
        Assert.That(report.BrierScore, Is.EqualTo(all.Average(d => Math.Pow(d.Confidence - (d.Correct ? 1 : 0), 2))).Within(1e-9));
        Assert.That(report.ConfidenceDistribution.Select(b => (b.Count, b.Judged, b.Correct)), Is.EqualTo(Enumerable.Range(0, 10).Select(bin =>
        {
            var inBin = all.Where(d => ConfidenceBins.Percentile(d.Confidence) / 10 == bin).ToList();
            return ((long)inBin.Count, (long)inBin.Count, (long)inBin.Count(d => d.Correct));
        })));
        Assert.That(report.Outcomes[StatusUpdateOutcome.PendingReview], Is.EqualTo(all.Count(d => d.Suggestion)));
        Assert.That(report.Outcomes[StatusUpdateOutcome.Reverted], Is.EqualTo(all.Count(d => !d.Suggestion && !d.Correct)));
        Assert.That(report.Outcomes[StatusUpdateOutcome.SuggestionRejected], Is.EqualTo(all.Count(d => d.Suggestion && !d.Correct)));
        Assert.That(report.Outcomes[StatusUpdateOutcome.NoRecommendation], Is.EqualTo(2));
        Assert.That(report.OutcomesBySource[source][StatusUpdateOutcome.Applied], Is.EqualTo(all.Count(d => !d.Suggestion)));
        Assert.That(report.AppliedPerDay.Sum(d => d.Count), Is.EqualTo(all.Count(d => !d.Suggestion) + all.Count(d => d.Correct == d.Suggestion)),
            "applied changes, accepted suggestions and reverts");
        Assert.That(report.Transitions[0].FromStatusId, Is.EqualTo("new"));
        Assert.That(report.Transitions.Sum(t => t.Count), Is.EqualTo(report.AppliedPerDay.Sum(d => d.Count)));
        Assert.That(report.UnknownLabels, Is.EqualTo(new[] { new LabelCount("לקוח VIP", 2) }));
    });

    [Test]
    public async Task The_suggested_threshold_is_higher_for_the_over_confident_source_and_absent_without_evidence()
    {
        await ReplayAsync(_sut, StatusSources.CallSummary, seed: 3, overconfidence: 0, leadOffset: 0);
        await ReplayAsync(_sut, StatusSources.WhatsAppSummary, seed: 4, overconfidence: 0.2, leadOffset: 10_000);
        _sut.Time.Advance(_sut.Options.CorrectionWindow + TimeSpan.FromDays(1));

        var calibrated = await Analytics.SuggestThresholdAsync(_sut.Business, StatusSources.CallSummary, 0.6);
        var overconfident = await Analytics.SuggestThresholdAsync(_sut.Business, StatusSources.WhatsAppSummary, 0.6);
        var unreachable = await Analytics.SuggestThresholdAsync(_sut.Business, StatusSources.WhatsAppSummary, 0.95);
        var noEvidence = await Analytics.SuggestThresholdAsync(_sut.Business, "sms_summary", 0.6);

        Assert.That(calibrated.Threshold, Is.Not.Null.And.LessThanOrEqualTo(0.65), calibrated.Reason);
        Assert.That(calibrated.PrecisionLowerBound, Is.GreaterThanOrEqualTo(0.6));
        Assert.That(calibrated.SampleSize, Is.GreaterThan(300), "the calibrated AI's evidence reaches down to its lowest confidences");
        // Higher: either a threshold well above the calibrated one, or none at all (no level of its confidence earns 0.6).
        Assert.That(overconfident.Threshold is null || overconfident.Threshold > calibrated.Threshold + 0.1, Is.True, $"{calibrated.Reason} / {overconfident.Reason}");
        Assert.That(calibrated.SampleSize, Is.GreaterThanOrEqualTo(ReportBuilder.MinimumSample));
        Assert.That(unreachable.Threshold, Is.Null);
        Assert.That(unreachable.Reason, Does.Contain("below 0.95"));
        Assert.That((noEvidence.Threshold, noEvidence.SampleSize), Is.EqualTo(((double?)null, 0L)));
        Assert.That(noEvidence.Reason, Does.Contain("at least 30"));
    }

    [Test]
    public async Task An_empty_business_has_an_empty_report()
    {
        var report = await Analytics.GetReportAsync(ServiceUnderTest.NewBusinessId(), ServiceUnderTest.T0, ServiceUnderTest.T0.AddDays(90));

        Assert.That(report.Outcomes.Values, Is.All.Zero);
        Assert.That(report.Accuracy, Is.EqualTo(new AutomationAccuracy(0, 0, null, null)));
        Assert.That((report.ExpectedCalibrationError, report.BrierScore, report.SuggestionAcceptanceRate), Is.EqualTo(((double?)null, (double?)null, (double?)null)));
        Assert.That(report.ConfidenceDistribution, Has.Count.EqualTo(10));
        Assert.That(report.Transitions, Is.Empty);
    }

    [Test]
    public async Task A_change_is_not_judged_before_the_correction_window_has_passed()
    {
        await _sut.Harness.SeedLeadAsync(_sut.Business, 1, null, "new");
        await _sut.ApplyAsync("[המלצה: מעוניין]", confidence: 0.9);
        _sut.Time.Advance(_sut.Options.CorrectionWindow - TimeSpan.FromSeconds(1));
        var early = await Analytics.GetReportAsync(_sut.Business, ServiceUnderTest.T0, ServiceUnderTest.T0.AddDays(30));
        _sut.Time.Advance(TimeSpan.FromSeconds(1));
        var late = await Analytics.GetReportAsync(_sut.Business, ServiceUnderTest.T0, ServiceUnderTest.T0.AddDays(30));

        Assert.That(early.Accuracy.Judged, Is.Zero);
        Assert.That(late.Accuracy, Is.EqualTo(new AutomationAccuracy(1, 1, 1, WilsonBound.Lower(1, 1))));
    }

    [Test]
    public void Bad_ranges_and_targets_are_refused_naming_the_parameter()
    {
        var t = ServiceUnderTest.T0;
        Assert.That(() => Analytics.GetReportAsync(_sut.Business, t, t.AddDays(-1)), Throws.ArgumentException.With.Property("ParamName").EqualTo("from"));
        Assert.That(() => Analytics.GetReportAsync(_sut.Business, t, t.AddDays(800)), Throws.ArgumentException.With.Property("ParamName").EqualTo("to"));
        Assert.That(() => Analytics.SuggestThresholdAsync(_sut.Business, "call_summary", 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("targetPrecision"));
        Assert.That(() => Analytics.SuggestThresholdAsync(_sut.Business, "call_summary", 1.01), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("targetPrecision"));
        Assert.That(() => Analytics.SuggestThresholdAsync(_sut.Business, "Call Summary", 0.9), Throws.ArgumentException.With.Property("ParamName").EqualTo("source"));
    }

    private StatusAnalytics Analytics => AnalyticsOf(_sut);

    private static StatusAnalytics AnalyticsOf(ServiceUnderTest sut) => new StatusAnalytics((IAnalyticsStore)sut.Harness.Store, Options.Create(sut.Options), sut.Time);

    /// <summary>
    /// Replays <see cref="Decisions"/> recommendations of a simulated AI: confidence uniform in [0.5, 1), right with probability
    /// confidence − <paramref name="overconfidence"/>. A person accepts right suggestions and rejects wrong ones, and reverts wrong
    /// applied changes at once; right applied changes stay untouched. Plus some noise that is not a decision.
    /// </summary>
    private static async Task<List<Decision>> ReplayAsync(ServiceUnderTest sut, string source, int seed, double overconfidence, int leadOffset = 0)
    {
        var random = new Random(seed);
        var review = sut.Review();
        string[] labels = ["מעוניין", "לא מעוניין", "Won", "Lost"];
        var decisions = new List<Decision>();
        for (var i = 0; i < Decisions; i++)
        {
            var lead = leadOffset + i + 1;
            await sut.Harness.SeedLeadAsync(sut.Business, lead, null, "new");
            var confidence = Math.Round(0.5 + (random.NextDouble() * 0.5), 3);
            var right = random.NextDouble() < confidence - overconfidence;
            sut.Time.Advance(TimeSpan.FromMinutes(1));
            var result = await sut.ApplyAsync($"[המלצה: {labels[i % labels.Length]}]", leadId: lead, key: $"{source}-{i}", confidence: confidence, source: source);
            var suggestion = result.Outcome == StatusUpdateOutcome.PendingReview;
            Assert.That(result.Outcome, Is.AnyOf(StatusUpdateOutcome.Applied, StatusUpdateOutcome.PendingReview), result.Message);
            sut.Time.Advance(TimeSpan.FromMinutes(1));
            var action = (suggestion, right) switch
            {
                (true, true) => await review.AcceptSuggestionAsync(sut.Business, result.EventId!.Value, "dana"),
                (true, false) => await review.RejectSuggestionAsync(sut.Business, result.EventId!.Value, "dana"),
                (false, false) => await review.RevertChangeAsync(sut.Business, result.EventId!.Value, "dana"),
                _ => null,
            };
            Assert.That(action?.Outcome, Is.AnyOf(null, StatusUpdateOutcome.Applied, StatusUpdateOutcome.SuggestionRejected, StatusUpdateOutcome.Reverted));
            decisions.Add(new Decision(source, result.NewStatusId!, confidence, suggestion, right));
        }

        for (var i = 0; i < 2; i++)
        {
            await sut.ApplyAsync("[המלצה: לקוח VIP]", leadId: leadOffset + 1, key: $"{source}-vip-{i}");
            await sut.ApplyAsync("no tag", leadId: leadOffset + 1, key: $"{source}-none-{i}");
        }

        return decisions;
    }

    private static AutomationAccuracy Expected(IEnumerable<Decision> decisions)
    {
        var list = decisions.ToList();
        var correct = list.Count(d => d.Correct);
        return new AutomationAccuracy(list.Count, correct, list.Count == 0 ? null : (double)correct / list.Count, WilsonBound.Lower(correct, list.Count));
    }

    private static double Ece(IReadOnlyCollection<Decision> decisions) =>
        decisions.GroupBy(d => ConfidenceBins.Percentile(d.Confidence) / 10)
            .Sum(bin => bin.Count() / (double)decisions.Count * Math.Abs(bin.Average(d => d.Correct ? 1d : 0d) - bin.Average(d => d.Confidence)));

    private sealed record Decision(string Source, string Status, double Confidence, bool Suggestion, bool Correct);
}

[TestFixture]
public sealed class InMemoryAnalyticsConformanceTests : AnalyticsConformanceTests
{
    private protected override Task<IStoreHarness> CreateHarnessAsync() => Task.FromResult<IStoreHarness>(new InMemoryStoreHarness(new InMemoryLeadStatusStore()));
}

[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresAnalyticsConformanceTests : AnalyticsConformanceTests
{
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("analytics");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    private protected override async Task<IStoreHarness> CreateHarnessAsync() => await _database.CreateHarnessAsync();
}
