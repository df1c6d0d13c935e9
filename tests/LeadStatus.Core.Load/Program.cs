using System.Diagnostics;
using System.Globalization;
using LeadStatus;
using LeadStatus.Load;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

// A load harness for the database path: N concurrent clients for T seconds through the real DI-built
// IStatusUpdateService against a real PostgreSQL. Prints throughput and p50/p95/p99 latency as one line.
//
//   dotnet run -c Release --project tests/LeadStatus.Core.Load -- --connection "<cs>" --setup --scenario applied --clients 4 --seconds 20
//
// --setup creates the reference host schema and the library's schema and seeds --leads leads (default 10,000)
// in business 1 with five statuses (and two more, s6 and s7, that no lead has). --prefill-events N adds N generated events (in SQL)
// before the run, --prefill-outbox N as many outbox rows (90% delivered, 10% pending). --rules configures business rules that are all checked and never refuse (see below).
// --cancel-after-ms N gives every call a token that fires after a random 1..N ms (what a host's cancellation costs; README, Cancellation).
if (args.Length > 0 && args[0] == "dispatch")
{
    return await DispatchBenchmark.RunAsync(args); // delivery throughput of the notification dispatcher: see DispatchBenchmark
}

// --partitions N: the library's tables hash-partitioned by business_id into N partitions (LeadStatusOptions.Postgres.EventPartitions),
// for --setup and for the run alike (a schema created otherwise is refused).
// --no-listen turns NotificationOptions.ListenForWakeUps off (no NOTIFY after applied changes), as behind PgBouncer.
// --batch N sends the same recommendations N at a time through ApplyManyAsync (one chunk of N); tps then counts recommendations.
var options = HarnessOptions.Parse(args);
await using var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString).Build();

if (options.Setup)
{
    await Seed.CreateAsync(dataSource, options.Leads, options.Partitions);
}

if (options.PrefillEvents > 0)
{
    await Seed.PrefillEventsAsync(dataSource, options.PrefillEvents, options.Leads);
}

if (options.PrefillOutbox > 0)
{
    await Seed.PrefillOutboxAsync(dataSource, options.PrefillOutbox, options.Leads);
}

if (options.PrefillDecisions > 0)
{
    await Seed.PrefillDecisionsAsync(dataSource, options.PrefillDecisions, options.Leads);
}

// --dispatch: the notification dispatcher runs in this process during the run (a no-op notifier), as in a real host, and the
// outbox backlog left at the end of the run and the time to drain it are reported; --dispatch-batch N is its batch size.
var dispatch = args.Contains("--dispatch");
var batchRandomLeads = args.Contains("--batch-random-leads");
var dispatchBatchAt = Array.IndexOf(args, "--dispatch-batch");
var dispatchBatch = dispatchBatchAt >= 0 && dispatchBatchAt + 1 < args.Length ? int.Parse(args[dispatchBatchAt + 1], CultureInfo.InvariantCulture) : 32;
var services = new ServiceCollection();
services.AddLeadStatusUpdates(o =>
{
    o.Notifications.DispatcherEnabled = dispatch;
    o.Notifications.BatchSize = dispatchBatch;
    o.Notifications.ListenForWakeUps = !options.NoListen;
    o.Postgres.EventPartitions = options.Partitions;
}).UsePostgres(options.ConnectionString)
    .AddNotifier(new NoOpNotifier());
await using var provider = services.BuildServiceProvider();
if (options.Rules)
{
    // Every rule the write checks under the lead's lock, none of which refuses this workload: a per-source threshold, two locked
    // statuses no lead has, a transition list per target naming every status, and the default 24 h manual-change protection.
    string[] all = ["s1", "s2", "s3", "s4", "s5"];
    await provider.GetRequiredService<IStatusRulesEditor>().SetRulesAsync(1, new LeadStatusRules
    {
        SourceConfidenceThresholds = new Dictionary<string, double> { [StatusSources.CallSummary] = 0.5 },
        LockedStatuses = ["s6", "s7"],
        AllowedTransitions = all.ToDictionary(s => s, IReadOnlyCollection<string> (_) => all),
    });
}
else
{
    await provider.GetRequiredService<IStatusRulesEditor>().SetRulesAsync(1, null);
}
var statusService = provider.GetRequiredService<IStatusUpdateService>();
var hostedServices = provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().ToList(); // the dispatcher and the start-up check
foreach (var hosted in hostedServices)
{
    await hosted.StartAsync(CancellationToken.None);
}

if (options.Scenario == "report")
{
    // One business's 90-day report, for a random business of the 1,000 the prefill spread events over, one call at a time.
    var analytics = provider.GetRequiredService<IStatusAnalytics>();
    var to = DateTimeOffset.UtcNow;
    await analytics.GetReportAsync(1, to.AddDays(-90), to); // warm-up
    var timings = new List<long>();
    var deadline = Stopwatch.GetTimestamp() + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
    var events = 0L;
    while (Stopwatch.GetTimestamp() < deadline)
    {
        var started = Stopwatch.GetTimestamp();
        var report = await analytics.GetReportAsync(Random.Shared.Next(1, 1001), to.AddDays(-90), to);
        timings.Add(Stopwatch.GetTimestamp() - started);
        events += report.Outcomes.Values.Sum();
    }

    var sorted = timings.Order().ToArray();
    double Ms(double q) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"scenario=report reports={sorted.Length} events_per_report={events / sorted.Length} p50_ms={Ms(0.50):0.0} p95_ms={Ms(0.95):0.0} p99_ms={Ms(0.99):0.0}"));
    return 0;
}

var workload = new Workload(options.Scenario, options.Leads, Guid.NewGuid().ToString("N")[..8]);
await workload.PrepareAsync(statusService, options.Clients);

// Warm up (JIT, connection pool, prepared statements), then measure.
await RunAsync(statusService, workload, options.Clients, options.Warmup, options.CancelAfterMs, options.Batch, options.Leads, batchRandomLeads);
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var result = await RunAsync(statusService, workload, options.Clients, options.Duration, options.CancelAfterMs, options.Batch, options.Leads, batchRandomLeads);
var cpuPerItem = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / Math.Max(1, result.Items); // this process's CPU (user + system, all threads) per call
var backlog = dispatch ? await BacklogAsync(provider.GetRequiredService<INotificationAdmin>()) : string.Empty;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"scenario={options.Scenario} batch={options.Batch} clients={options.Clients} seconds={options.Duration.TotalSeconds:0} calls={result.Calls} errors={result.Errors} cancelled={result.Cancelled} " +
    $"tps={result.Items / options.Duration.TotalSeconds:0.0} p50_ms={result.Percentile(0.50):0.000} p95_ms={result.Percentile(0.95):0.000} p99_ms={result.Percentile(0.99):0.000} cpu_us={cpuPerItem:0} " +
    $"outcomes={string.Join(',', result.Outcomes.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}:{kv.Value}"))}{backlog}"));
foreach (var hosted in hostedServices)
{
    await hosted.StopAsync(CancellationToken.None);
}

return result.Errors == 0 ? 0 : 1;

static async Task<string> BacklogAsync(INotificationAdmin admin)
{
    var atEnd = await admin.GetCountsAsync();
    var drain = Stopwatch.StartNew();
    while ((await admin.GetCountsAsync()).Pending > 0 && drain.Elapsed < TimeSpan.FromMinutes(5))
    {
        await Task.Delay(50);
    }

    return string.Create(CultureInfo.InvariantCulture,
        $" backlog_at_end={atEnd.Pending} oldest_pending_s={atEnd.OldestPendingAge?.TotalSeconds ?? 0:0.0} drain_s={drain.Elapsed.TotalSeconds:0.0}");
}

static async Task<RunResult> RunAsync(
    IStatusUpdateService service, Workload workload, int clients, TimeSpan duration, int cancelAfterMs, int batch, int leadCount, bool randomLeads)
{
    var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
    {
        var latencies = new List<long>(capacity: 64 * 1024);
        var outcomes = new Dictionary<StatusUpdateOutcome, int>();
        var errors = 0;
        var cancelled = 0;
        var items = 0L;
        var random = new Random(Random.Shared.Next()); // a fresh sequence per run: a fixed seed replays the same (lead, status) pairs, so later runs were mostly same-status no-ops
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (batch > 0)
            {
                // Like pgbench-apply-batch.sql: consecutive, distinct leads from a random start (--batch-random-leads: any leads, so a
                // list may name a lead twice, which costs the chunk one more statement per repeat).
                var start = random.Next(leadCount);
                var list = Enumerable.Range(0, batch)
                    .Select(i => workload.Next(client, random) is var next && !randomLeads ? next with { LeadId = (start + i) % leadCount + 1 } : next)
                    .ToList();
                var begun = Stopwatch.GetTimestamp();
                try
                {
                    foreach (var item in await service.ApplyManyAsync(list, new ApplyManyOptions { ChunkSize = batch }, CancellationToken.None))
                    {
                        outcomes[item.Outcome] = outcomes.GetValueOrDefault(item.Outcome) + 1;
                    }

                    items += batch;
                }
                catch (NpgsqlException)
                {
                    errors++;
                }

                latencies.Add(Stopwatch.GetTimestamp() - begun);
                continue;
            }

            var recommendation = workload.Next(client, random);
            var started = Stopwatch.GetTimestamp();
            using var cancellation = new CancellationTokenSource();
            if (cancelAfterMs > 0)
            {
                cancellation.CancelAfter(TimeSpan.FromMilliseconds(random.Next(1, cancelAfterMs + 1)));
            }

            try
            {
                var outcome = (await service.ApplyFromRecommendationAsync(recommendation, cancellation.Token)).Outcome;
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                items++;
                workload.Completed(client, recommendation);
            }
            catch (NpgsqlException)
            {
                errors++;
            }
            catch (OperationCanceledException)
            {
                cancelled++;
            }

            latencies.Add(Stopwatch.GetTimestamp() - started);
        }

        return (latencies, outcomes, errors, cancelled, items);
    })));

    var all = perClient.SelectMany(c => c.latencies).ToArray();
    Array.Sort(all);
    var merged = new Dictionary<StatusUpdateOutcome, int>();
    foreach (var (_, outcomes, _, _, _) in perClient)
    {
        foreach (var (outcome, count) in outcomes)
        {
            merged[outcome] = merged.GetValueOrDefault(outcome) + count;
        }
    }

    return new RunResult(all, merged, perClient.Sum(c => c.errors), perClient.Sum(c => c.cancelled), perClient.Sum(c => c.items));
}
