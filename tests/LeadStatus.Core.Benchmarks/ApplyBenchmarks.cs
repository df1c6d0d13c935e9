using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Benchmarks;

/// <summary>
/// The whole <see cref="IStatusUpdateService.ApplyFromRecommendationAsync"/> through the DI-built service and the in-memory
/// store: validation, parsing, the cached catalog, mapping, policy and the store's write, without a database.
/// </summary>
[MemoryDiagnoser]
public class ApplyBenchmarks
{
    private const string Summary = "הלקוחה שאלה על דירת 4 חדרים בנווה שאנן, ביקשה תמונות ותיאום צפייה ביום חמישי. [המלצה: מעוניין]";
    private readonly string[] _labels = ["מעוניין", "אין מענה"];
    private ServiceProvider _provider = null!;
    private IStatusUpdateService _service = null!;
    private StatusRecommendation _retry = null!;
    private long _sequence;

    /// <summary>Builds the container, the catalog and 1,000 leads.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseInMemoryStore();
        _provider = services.BuildServiceProvider();
        _provider.GetRequiredService<InMemoryStatusCatalog>().Set(
            1, new("new", "ליד חדש"), new("interested", "מעוניין"), new("not_interested", "לא מעוניין"), new("no_answer", "אין מענה"));
        var store = _provider.GetRequiredService<InMemoryLeadStatusStore>();
        for (var lead = 1; lead <= 1000; lead++)
        {
            store.UpsertLead(1, lead, "ליד " + lead, "new");
        }

        _service = _provider.GetRequiredService<IStatusUpdateService>();
        _retry = new StatusRecommendation(1, 1, Summary, StatusSources.CallSummary, "retry", 0.9);
        _service.ApplyFromRecommendationAsync(_retry).GetAwaiter().GetResult();
    }

    /// <summary>Disposes the container.</summary>
    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    /// <summary>A fresh key that changes a lead's status (event, history and outbox row written).</summary>
    [Benchmark]
    public Task<StatusUpdateResult> Applied()
    {
        var n = ++_sequence;
        var label = _labels[n % 2];
        return _service.ApplyFromRecommendationAsync(new StatusRecommendation(
            1, 1 + (n % 1000), $"סיכום. [המלצה: {label}]", StatusSources.CallSummary, "call-" + n, 0.9));
    }

    /// <summary>A webhook retry of a key already recorded.</summary>
    [Benchmark]
    public Task<StatusUpdateResult> Duplicate() => _service.ApplyFromRecommendationAsync(_retry);
}
