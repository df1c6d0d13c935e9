using System.Diagnostics;
using System.Globalization;
using LeadStatus.Notifications;
using LeadStatus.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LeadStatus.Load;

/// <summary>
/// Delivery throughput of one host: N pending outbox rows of business 1 (written in SQL), a no-op notifier, one dispatcher;
/// and the latency of a fresh notification of business 2 applied one second into the drain. With <c>--delivered M</c>, M already
/// delivered rows of business 3 are in the outbox first (growth: does the claim stay flat?), and after the drain every delivered
/// row is purged through the library's bounded-batch purge, timed.
/// </summary>
/// <remarks>
///   dotnet run -c Release --project tests/LeadStatus.Core.Load -- dispatch --connection "&lt;cs&gt;" --rows 100000 --batch 32 [--delivered 1000000]
/// Works in its own schema (leadstatus_dispatch), dropped and recreated on every run.
/// </remarks>
internal static class DispatchBenchmark
{
    private const string Schema = "leadstatus_dispatch";

    public static async Task<int> RunAsync(string[] args)
    {
        string? Value(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var connection = Value("--connection") ?? Environment.GetEnvironmentVariable("LEADSTATUS_LOAD_CONNECTION")
            ?? throw new ArgumentException("Pass --connection \"<connection string>\" or set LEADSTATUS_LOAD_CONNECTION.");
        var rows = int.Parse(Value("--rows") ?? "100000", CultureInfo.InvariantCulture);
        var batch = int.Parse(Value("--batch") ?? "32", CultureInfo.InvariantCulture);
        var alreadyDelivered = int.Parse(Value("--delivered") ?? "0", CultureInfo.InvariantCulture);
        var cs = new NpgsqlConnectionStringBuilder(connection) { SearchPath = Schema }.ConnectionString;

        await using (var admin = NpgsqlDataSource.Create(connection))
        {
            await using var reset = admin.CreateCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE; CREATE SCHEMA {Schema};");
            await reset.ExecuteNonQueryAsync();
        }

        await using var dataSource = NpgsqlDataSource.Create(cs);
        await LeadStatusReferenceSchema.CreateAsync(dataSource);

        var delivered = 0;
        var fresh = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var notifier = new NoOpNotifier(n =>
        {
            if (n.BusinessId == 2)
            {
                fresh.TrySetResult(Stopwatch.GetTimestamp());
            }
            else
            {
                Interlocked.Increment(ref delivered);
            }
        });

        var catalog = new InMemoryStatusCatalog();
        catalog.Set(1, new LeadStatusDefinition("new", "ליד חדש"), new LeadStatusDefinition("interested", "מעוניין"));
        catalog.Set(2, new LeadStatusDefinition("new", "ליד חדש"), new LeadStatusDefinition("interested", "מעוניין"));
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o =>
        {
            o.Postgres.Schema = Schema;
            o.Notifications.BatchSize = batch;
        }).UsePostgres(cs).UseStatusCatalog(catalog).AddNotifier(notifier);
        await using var provider = services.BuildServiceProvider();
        await provider.EnsureLeadStatusSchemaAsync();

        await using (var seed = dataSource.CreateCommand($"""
            INSERT INTO leads (business_id, id, name, status) VALUES (2, 1, 'fresh', 'new');
            INSERT INTO lead_status_outbox (notification_id, event_id, business_id, lead_id, lead_name, previous_status_id, new_status_id,
                                            new_status_label, source, confidence, changed_at, next_attempt_at, created_at)
            SELECT gen_random_uuid(), g, 1, g, 'lead ' || g, 'new', 'interested', 'מעוניין', 'whatsapp_summary', 0.9, now(), now(), now()
            FROM generate_series(1, {rows}) AS g;
            INSERT INTO lead_status_outbox (notification_id, event_id, business_id, lead_id, lead_name, previous_status_id, new_status_id,
                                            new_status_label, source, confidence, changed_at, next_attempt_at, created_at, state, attempts,
                                            delivered_at)
            SELECT gen_random_uuid(), g, 3, g, 'lead ' || g, 'new', 'interested', 'מעוניין', 'whatsapp_summary', 0.9,
                   now() - interval '1 day', now() - interval '1 day', now() - interval '1 day', 'delivered', 1,
                   now() - interval '1 day' + interval '1 ms' * g
            FROM generate_series(1, {alreadyDelivered}) AS g;
            """))
        {
            seed.CommandTimeout = 600;
            await seed.ExecuteNonQueryAsync();
        }

        await using (var vacuum = dataSource.CreateCommand("VACUUM ANALYZE lead_status_outbox"))
        {
            vacuum.CommandTimeout = 600;
            await vacuum.ExecuteNonQueryAsync();
        }

        var dispatcher = provider.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
        var started = Stopwatch.GetTimestamp();
        await dispatcher.StartAsync(CancellationToken.None);

        // A fresh change of another business one second into the drain: how long does it wait behind the backlog?
        await Task.Delay(1000);
        var applyAt = Stopwatch.GetTimestamp();
        var result = await provider.GetRequiredService<IStatusUpdateService>().ApplyFromRecommendationAsync(
            new StatusRecommendation(2, 1, "[המלצה: מעוניין]", StatusSources.WhatsAppSummary, "fresh-1", 0.9));
        var freshAt = await fresh.Task.WaitAsync(TimeSpan.FromMinutes(10));
        var backlogAtFresh = rows - Volatile.Read(ref delivered);

        while (Volatile.Read(ref delivered) < rows)
        {
            await Task.Delay(5);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await dispatcher.StopAsync(CancellationToken.None);
        var counts = await provider.GetRequiredService<INotificationAdmin>().GetCountsAsync();

        // Then the purge of every delivered row (what the dispatcher does hourly past the retention period), in its bounded batches.
        var purgeStarted = Stopwatch.GetTimestamp();
        var purged = await provider.GetRequiredService<INotificationOutbox>().PurgeDeliveredAsync(DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
        var purgeSeconds = Stopwatch.GetElapsedTime(purgeStarted).TotalSeconds;
        var batches = (purged + PostgresNotificationOutbox.PurgeBatchSize) / PostgresNotificationOutbox.PurgeBatchSize;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dispatch rows={rows} batch={batch} delivered_before={alreadyDelivered} seconds={elapsed.TotalSeconds:0.00} rows_per_s={rows / elapsed.TotalSeconds:0} " +
            $"fresh_outcome={result.Outcome} fresh_latency_ms={Stopwatch.GetElapsedTime(applyAt, freshAt).TotalMilliseconds:0} " +
            $"backlog_when_fresh_delivered={backlogAtFresh} pending_after={counts.Pending} delivered_after={counts.Delivered} dead_after={counts.Dead} " +
            $"purged={purged} purge_seconds={purgeSeconds:0.00} purge_statements={batches} purge_ms_per_statement={purgeSeconds * 1000 / batches:0.0}"));
        return counts.Pending == 0 && counts.Dead == 0 && purged == counts.Delivered ? 0 : 1;
    }

    private sealed class NoOpNotifier(Action<StatusChangeNotification> onDelivered) : INotifier
    {
        public Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default)
        {
            onDelivered(notification);
            return Task.CompletedTask;
        }
    }
}
