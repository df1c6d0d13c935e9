using BenchmarkDotNet.Attributes;
using LeadStatus.Parsing;

namespace LeadStatus.Benchmarks;

/// <summary>Parsing summaries of 500 B, 10 KB and 1 MiB, without a tag and with one at the end.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private readonly RecommendationParser _parser = new(new LeadStatusOptions().TagKeywords);
    private string _noTag = string.Empty;
    private string _tagAtEnd = string.Empty;

    /// <summary>Gets or sets the summary length in characters.</summary>
    [Params(500, 10 * 1024, 1024 * 1024)]
    public int Length { get; set; }

    /// <summary>Builds the summaries.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _noTag = Summaries.Build(Length, null);
        _tagAtEnd = Summaries.Build(Length, " [המלצה: \"מעוניין\".]");
    }

    /// <summary>A summary without a tag (must allocate nothing).</summary>
    [Benchmark]
    public bool NoTag() => _parser.TryParse(_noTag, out _);

    /// <summary>A summary with the tag at its end.</summary>
    [Benchmark]
    public string? TagAtEnd() => _parser.TryParse(_tagAtEnd, out var label) ? label : null;
}
