using BenchmarkDotNet.Attributes;
using LeadStatus.Labels;

namespace LeadStatus.Benchmarks;

/// <summary>Normalizing typical labels.</summary>
[MemoryDiagnoser]
public class NormalizerBenchmarks
{
    /// <summary>Gets or sets the label.</summary>
    [Params("לא רלוונטי", "מעוניין", "\u200F\"לא־מְעוּנְיָין\".\u200F", "Not Interested", "ＩＮＴＥＲＥＳＴＥＤ")]
    public string Label { get; set; } = string.Empty;

    /// <summary>Normalizes the label.</summary>
    [Benchmark]
    public string Normalize() => LabelNormalizer.Normalize(Label);
}
