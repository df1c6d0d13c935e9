using BenchmarkDotNet.Attributes;
using LeadStatus.Labels;
using LeadStatus.Parsing;

namespace LeadStatus.Benchmarks;

/// <summary>
/// Mapping against catalogs of 10, 100, 1,000 and 10,000 statuses, parse + map of a typical 500 B summary, a label tied with
/// every status (the ambiguous path, once quadratic), a partial match among many candidates sharing a word, and compiling the catalog.
/// </summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    private readonly RecommendationParser _parser = new(new LeadStatusOptions().TagKeywords);
    private StatusCatalogSnapshot _catalog = null!;
    private LeadStatusDefinition[] _statuses = [];
    private string _summary = string.Empty;

    /// <summary>Gets or sets the number of statuses.</summary>
    [Params(10, 100, 1000, 10000)]
    public int Statuses { get; set; }

    /// <summary>Builds the catalog and the summary.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _statuses =
        [
            .. Enumerable.Range(0, Statuses - 3).Select(i => new LeadStatusDefinition($"s{i}", $"סטטוס {i} לקוח", [$"Status {i} customer"])),
            new("interested", "מעוניין", ["Interested"]),
            new("not_interested", "לא מעוניין", ["Not interested"]),
            new("irrelevant", "לא רלוונטי - לא מעוניין"),
        ];
        _catalog = StatusCatalogSnapshot.Create(_statuses);
        _summary = Summaries.Build(500, " [המלצה: מעוניין]");
    }

    /// <summary>An exact match (the label is already normalized).</summary>
    [Benchmark]
    public LeadStatusDefinition? ExactNormalized() => _catalog.Match("לא רלוונטי לא מעוניינ").Status;

    /// <summary>An exact match that needs normalizing.</summary>
    [Benchmark]
    public LeadStatusDefinition? Exact() => _catalog.Match("לא מעוניין").Status;

    /// <summary>A partial match: the label holds a status.</summary>
    [Benchmark]
    public LeadStatusDefinition? Partial() => _catalog.Match("הלקוח מעוניין מאוד").Status;

    /// <summary>A partial candidate refused by the negation rule.</summary>
    [Benchmark]
    public LeadStatusDefinition? NegationRefused() => _catalog.Match("ממש לא מעוניין בכלל").Status;

    /// <summary>No status matches.</summary>
    [Benchmark]
    public LeadStatusDefinition? Unknown() => _catalog.Match("משהו אחר לגמרי").Status;

    /// <summary>Parse and map a typical 500-character summary.</summary>
    [Benchmark]
    public LeadStatusDefinition? ParseAndMap() => _parser.TryParse(_summary, out var label) ? _catalog.Match(label).Status : null;

    /// <summary>A label every numbered status holds ("סטטוס" against "סטטוס i לקוח"): ambiguous between all of them.</summary>
    [Benchmark]
    public string AmbiguousTie() => _catalog.Match("סטטוס").Detail;

    /// <summary>A partial match whose first word starts every numbered status.</summary>
    [Benchmark]
    public LeadStatusDefinition? PartialAmongMany() => _catalog.Match("סטטוס 5 לקוח חם").Status;

    /// <summary>Compiles the catalog (once per business and cache duration).</summary>
    [Benchmark]
    public int Compile() => StatusCatalogSnapshot.Create(_statuses).Statuses.Count;
}
