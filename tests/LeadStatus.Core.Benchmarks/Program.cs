using BenchmarkDotNet.Running;

namespace LeadStatus.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release --project tests/LeadStatus.Core.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    /// <param name="args">BenchmarkDotNet's command line.</param>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
