using System.Globalization;

namespace LeadStatus.Load;

/// <summary>The harness's command line.</summary>
internal sealed record HarnessOptions(
    string ConnectionString, string Scenario, int Clients, TimeSpan Duration, TimeSpan Warmup, int Leads, bool Setup, long PrefillEvents,
    int CancelAfterMs, bool Rules, long PrefillDecisions, int Batch, bool NoListen, long PrefillOutbox, int Partitions)
{
    public static HarnessOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var connection = Value("--connection") ?? Environment.GetEnvironmentVariable("LEADSTATUS_LOAD_CONNECTION")
            ?? throw new ArgumentException("Pass --connection \"<connection string>\" or set LEADSTATUS_LOAD_CONNECTION (run-comparison.sh starts a throwaway server and does this for you).");
        var scenario = Value("--scenario") ?? "applied";
        if (scenario is not ("applied" or "duplicate" or "mixed" or "report"))
        {
            throw new ArgumentException($"--scenario must be applied, duplicate, mixed or report, not '{scenario}'.");
        }

        return new HarnessOptions(
            connection,
            scenario,
            int.Parse(Value("--clients") ?? "4", CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Value("--seconds") ?? "20", CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(Value("--warmup") ?? "5", CultureInfo.InvariantCulture)),
            int.Parse(Value("--leads") ?? "10000", CultureInfo.InvariantCulture),
            args.Contains("--setup"),
            long.Parse(Value("--prefill-events") ?? "0", CultureInfo.InvariantCulture),
            int.Parse(Value("--cancel-after-ms") ?? "0", CultureInfo.InvariantCulture),
            args.Contains("--rules"),
            long.Parse(Value("--prefill-decisions") ?? "0", CultureInfo.InvariantCulture),
            int.Parse(Value("--batch") ?? "0", CultureInfo.InvariantCulture),
            args.Contains("--no-listen"),
            long.Parse(Value("--prefill-outbox") ?? "0", CultureInfo.InvariantCulture),
            int.Parse(Value("--partitions") ?? "0", CultureInfo.InvariantCulture));
    }
}
