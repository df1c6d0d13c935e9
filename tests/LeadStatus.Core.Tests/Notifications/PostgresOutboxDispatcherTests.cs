using System.Collections.Concurrent;
using LeadStatus.Notifications;
using LeadStatus.Storage;
using LeadStatus.Storage.Postgres;
using LeadStatus.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using NpgsqlTypes;

namespace LeadStatus.Tests.Notifications;

/// <summary>
/// The dispatcher against a real PostgreSQL through <c>UsePostgres(connectionString)</c>: <c>FOR UPDATE SKIP LOCKED</c> claims,
/// lease-guarded acknowledgements and the <c>LISTEN</c> wake-up, with the catalog of the base class.
/// </summary>
/// <remarks>
/// One database for the fixture and one schema per test, holding both the reference host tables (<c>leads</c>,
/// <c>lead_status_history</c>) and the library tables (<see cref="PostgresMappingOptions.Schema"/>); the test's connection string
/// sets <c>search_path</c> to it, so every test starts from empty tables and no lead or row leaks into another test.
/// </remarks>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresOutboxDispatcherTests : OutboxDispatcherTests
{
    private static int _schemas;

    private string _databaseConnectionString = null!;
    private string _schema = null!;
    private string _connectionString = null!;
    private NpgsqlDataSource _dataSource = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _databaseConnectionString = await PostgresServer.CreateDatabaseAsync("dispatch");

    [OneTimeTearDown]
    public async Task DropDatabaseAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(_databaseConnectionString).Database;
        await using var admin = NpgsqlDataSource.Create(await PostgresServer.GetAdminConnectionStringAsync());
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    [SetUp]
    public async Task CreateSchemaAsync()
    {
        _schema = "d" + Interlocked.Increment(ref _schemas);
        _connectionString = new NpgsqlConnectionStringBuilder(_databaseConnectionString) { SearchPath = _schema }.ConnectionString;
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        await using (var create = _dataSource.CreateCommand($"CREATE SCHEMA \"{_schema}\""))
        {
            await create.ExecuteNonQueryAsync();
        }

        await LeadStatusReferenceSchema.CreateAsync(_dataSource);

        // The library tables through the same registration the tests use.
        var services = new ServiceCollection();
        UseStore(services.AddLeadStatusUpdates());
        await using var provider = services.BuildServiceProvider();
        await provider.EnsureLeadStatusSchemaAsync();
    }

    [TearDown]
    public async Task DisposeDataSourceAsync() => await _dataSource.DisposeAsync();

    [Test]
    public void The_store_and_the_outbox_are_PostgreSQL_and_the_catalog_is_the_one_the_tests_set_up()
    {
        // Arrange
        var services = BuildServices();

        // Act
        var store = services.GetRequiredService<ILeadStatusStore>();
        var outbox = services.GetRequiredService<INotificationOutbox>();
        var catalog = services.GetRequiredService<IStatusCatalog>();

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(store, Is.TypeOf<PostgresLeadStatusStore>());
            Assert.That(outbox, Is.TypeOf<PostgresNotificationOutbox>());
            Assert.That(catalog, Is.SameAs(Catalog), "UseStatusCatalog wins over the PostgreSQL default catalog");
        }
    }

    [Test]
    public async Task Two_hosts_on_one_database_deliver_a_thousand_changes_without_loss_or_double_delivery()
    {
        // Arrange: two containers, so two data sources, two outboxes and two LISTEN connections, as two host instances have.
        const int Count = 1000;
        var deliveries = new ConcurrentDictionary<Guid, int>();
        Task Record(StatusChangeNotification n)
        {
            deliveries.AddOrUpdate(n.NotificationId, 1, (_, c) => c + 1);
            return Task.CompletedTask;
        }

        var firstNotifier = new RecordingNotifier((n, _, _) => Record(n));
        var secondNotifier = new RecordingNotifier((n, _, _) => Record(n));
        var first = BuildServices(b => b.AddNotifier(firstNotifier), o => o.BatchSize = 16);
        var second = BuildServices(b => b.AddNotifier(secondNotifier), o => o.BatchSize = 16);
        for (var lead = 1; lead <= Count; lead++)
        {
            await SeedLeadAsync(first, lead, $"ליד {lead}", "new");
        }

        var firstDispatcher = await StartDispatcherAsync(first);
        var secondDispatcher = await StartDispatcherAsync(second);

        // Act: both hosts apply changes while both dispatch.
        var outcomes = new ConcurrentBag<StatusUpdateOutcome>();
        await Parallel.ForAsync(1, Count + 1, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (lead, _) =>
            outcomes.Add((await ApplyAsync(lead % 2 == 0 ? first : second, lead, $"wa-{lead}")).Outcome));
        await WaitUntilAllDeliveredAsync(first, Count);
        await WaitUntilIdleAsync(firstDispatcher, secondDispatcher);

        // Assert
        var rows = await ReadOutboxAsync(first);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes, Has.Count.EqualTo(Count).And.All.EqualTo(StatusUpdateOutcome.Applied));
            Assert.That(rows, Has.Count.EqualTo(Count));
            Assert.That(deliveries.Keys, Is.EquivalentTo(rows.Select(r => r.Notification.NotificationId)));
            Assert.That(deliveries.Values, Is.All.EqualTo(1));
            Assert.That(rows.Select(r => r.Attempts), Is.All.EqualTo(1), "no row was delivered twice");
            Assert.That(firstNotifier.Calls + secondNotifier.Calls, Is.EqualTo(Count));
            Assert.That(firstNotifier.Calls, Is.Positive, "the first host delivered its share");
            Assert.That(secondNotifier.Calls, Is.Positive, "the second host delivered its share");
        }
    }

    [Test]
    public async Task A_container_whose_dispatcher_ran_can_be_disposed_synchronously()
    {
        // Arrange: a console host that disposes its provider with using, not await using.
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        var builder = services.AddLeadStatusUpdates(o => o.Notifications.PollInterval = TimeSpan.FromMilliseconds(10));
        UseStore(builder);
        builder.UseStatusCatalog(Catalog).AddNotifier(new RecordingNotifier());
        var provider = services.BuildServiceProvider();
        await SeedLeadAsync(provider, 1, "דנה כהן", "new");
        var dispatcher = provider.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single();
        await dispatcher.StartAsync(CancellationToken.None);
        await ApplyAsync(provider, 1, "wa-1");
        await WaitUntilAllDeliveredAsync(provider, 1);
        await dispatcher.StopAsync(CancellationToken.None);

        // Act and Assert
        Assert.That(provider.Dispose, Throws.Nothing);
    }

    [Test]
    public async Task With_a_pool_of_one_connection_the_dispatcher_does_not_starve_the_applies()
    {
        // Arrange: the LISTEN connection must not take the only pooled slot (issue 15, finding 6).
        var notifier = new RecordingNotifier();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        var pooled = new NpgsqlConnectionStringBuilder(_connectionString) { MaxPoolSize = 1, Timeout = 5 }.ConnectionString;
        var schema = _schema;
        var builder = services.AddLeadStatusUpdates(o =>
        {
            o.Notifications.PollInterval = TimeSpan.FromMilliseconds(50);
            o.Postgres.Schema = schema;
        });
        builder.UsePostgres(pooled).UseStatusCatalog(Catalog).AddNotifier(notifier);
        await using var provider = services.BuildServiceProvider();
        for (var lead = 1; lead <= 3; lead++)
        {
            await SeedLeadAsync(provider, lead, null, "new");
        }

        var dispatcher = await StartDispatcherAsync(provider.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single());
        await WaitUntilIdleAsync(dispatcher); // it is listening now

        // Act
        var outcomes = new List<StatusUpdateOutcome>();
        for (var lead = 1; lead <= 3; lead++)
        {
            outcomes.Add((await ApplyAsync(provider, lead, $"wa-{lead}")).Outcome);
        }

        await WaitUntilAllDeliveredAsync(provider, 3);

        // Assert
        Assert.That(outcomes, Is.All.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(notifier.Calls, Is.EqualTo(3));
        await dispatcher.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task A_synchronous_dispose_unlistens_like_the_asynchronous_one()
    {
        // Arrange
        var services = BuildServices(b => b.AddNotifier(new RecordingNotifier()));
        var outbox = (PostgresNotificationOutbox)services.GetRequiredService<INotificationOutbox>();
        await outbox.WaitForWorkAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None);
        var listening = await CountListenersAsync(outbox.Channel);

        // Act
        outbox.Dispose();

        // Assert: no session is left listening on the channel (a pooled connection kept its LISTEN before).
        Assert.That(listening, Is.EqualTo(1));
        await Eventually.WaitUntilAsync(async () => await CountListenersAsync(outbox.Channel) == 0, "the listener is gone");
    }

    [Test]
    public async Task The_claim_plan_with_a_large_backlog_stays_below_the_cost_that_makes_PostgreSQL_JIT_compile_it()
    {
        // Arrange: 50,000 pending rows of one business. A LIMIT the planner could not see was estimated at 10% of the table, which
        // pushed every claim past jit_above_cost: ~0.75 s of JIT per claim, 331 rows/s for a 100,000-row backlog.
        var outbox = (PostgresNotificationOutbox)BuildServices().GetRequiredService<INotificationOutbox>();
        await using (var seed = _dataSource.CreateCommand("""
            INSERT INTO lead_status_outbox (notification_id, event_id, business_id, lead_id, new_status_id, new_status_label, source,
                                            confidence, changed_at, next_attempt_at, created_at)
            SELECT gen_random_uuid(), g, 1, g, 'interested', 'x', 'whatsapp_summary', 0.9, now(), now(), now() FROM generate_series(1, 50000) AS g;
            ANALYZE lead_status_outbox;
            """))
        {
            await seed.ExecuteNonQueryAsync();
        }

        // Act
        await using var explain = _dataSource.CreateCommand("EXPLAIN (FORMAT JSON) " + outbox.ClaimSql);
        explain.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = Guid.NewGuid() });
        explain.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = DateTimeOffset.UtcNow.AddMinutes(2) });
        explain.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = DateTimeOffset.UtcNow });
        explain.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = 1000 });
        explain.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = 10 });
        var plan = System.Text.Json.JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);

        // Assert
        var cost = plan.RootElement[0].GetProperty("Plan").GetProperty("Total Cost").GetDouble();
        Assert.That(cost, Is.LessThan(100_000), "jit_above_cost defaults to 100,000");
    }

    [Test]
    public async Task A_write_wakes_a_waiting_dispatcher_of_its_own_process_in_process_without_a_NOTIFY()
    {
        // Arrange: the outbox waits as the dispatcher does; another session listens on the channel to see any NOTIFY.
        await using var services = BuildServices(b => b.AddNotifier(new RecordingNotifier()));
        var outbox = (PostgresNotificationOutbox)services.GetRequiredService<INotificationOutbox>();
        await SeedLeadAsync(services, 1, "Dana", "new");
        await using var spy = await ListenAsync(outbox.Channel);
        await outbox.WaitForWorkAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None);

        // Act
        var waiting = System.Diagnostics.Stopwatch.StartNew();
        var wait = outbox.WaitForWorkAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
        var result = await ApplyAsync(services, 1, "wa-1");
        await wait;
        waiting.Stop();

        // Assert: woken at once, and no NOTIFY was sent (each was a transaction with a commit record on a second connection).
        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(waiting.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(await spy.WaitAsync(TimeSpan.FromMilliseconds(500)), Is.False, "a NOTIFY was sent");
    }

    [Test]
    public async Task Without_a_dispatcher_in_its_process_a_write_still_sends_a_NOTIFY_for_dispatchers_elsewhere()
    {
        // Arrange: this process only writes (its outbox never claims nor waits).
        await using var services = BuildServices(b => b.AddNotifier(new RecordingNotifier()));
        _ = services.GetRequiredService<INotificationOutbox>();
        await SeedLeadAsync(services, 1, "Dana", "new");
        await using var spy = await ListenAsync(OutboxChannel.For(_schema));

        // Act
        var result = await ApplyAsync(services, 1, "wa-1");

        // Assert
        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(await spy.WaitAsync(TimeSpan.FromSeconds(10)), Is.True, "no NOTIFY reached the other session");
    }

    [Test]
    public async Task Wake_ups_of_back_to_back_writes_start_at_most_one_NOTIFY_per_interval()
    {
        // Arrange: one caller applying back to back signals about once a millisecond; each NOTIFY finishes well within that, so
        // before the spacing applied to every NOTIFY, every other signal found the wake-up idle and started a NOTIFY of its own.
        var wakeUp = new OutboxWakeUp(_dataSource, "lead_status_outbox_spacing_test", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        // Act
        while (elapsed.Elapsed < TimeSpan.FromMilliseconds(300))
        {
            wakeUp.Signal();
            await Task.Delay(1);
        }

        var signalled = elapsed.Elapsed;
        await Task.Delay(OutboxWakeUp.MinInterval * 4);

        // Assert
        var most = (long)(signalled / OutboxWakeUp.MinInterval) + 2; // unspaced after an idle moment, it was ~69 in 300 ms here
        TestContext.Out.WriteLine($"{wakeUp.NotifyCount} NOTIFYs in {signalled.TotalMilliseconds:0} ms");
        Assert.That(wakeUp.NotifyCount, Is.InRange(1, most));
    }

    [Test]
    public void The_wake_up_channel_is_per_schema_and_shared_by_the_store_and_the_outbox()
    {
        // Arrange
        var services = BuildServices();

        // Act
        var outbox = (PostgresNotificationOutbox)services.GetRequiredService<INotificationOutbox>();

        // Assert
        Assert.That(outbox.Channel, Is.EqualTo(OutboxChannel.For(_schema)));
        Assert.That(OutboxChannel.For("tenant_a"), Is.Not.EqualTo(OutboxChannel.For("tenant_b")));
        Assert.That(OutboxChannel.For(new string('x', 200)), Has.Length.LessThanOrEqualTo(63).And.Match("^[a-z0-9_]+$"));
    }

    protected override void UseStore(LeadStatusBuilder builder)
    {
        var schema = _schema;
        builder.Services.Configure<LeadStatusOptions>(o => o.Postgres.Schema = schema);
        builder.UsePostgres(_connectionString);
    }

    protected override async Task SeedLeadAsync(IServiceProvider services, long leadId, string? name, string statusId)
    {
        await using var command = _dataSource.CreateCommand("INSERT INTO leads (business_id, id, name, status) VALUES ($1, $2, $3, $4)");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = BusinessId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = leadId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = statusId });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A session of its own listening on <paramref name="channel"/> (its <c>WaitAsync</c> says whether a NOTIFY came).</summary>
    private async Task<NpgsqlConnection> ListenAsync(string channel)
    {
        var connection = await _dataSource.OpenConnectionAsync();
        await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
        await listen.ExecuteNonQueryAsync();
        return connection;
    }

    private async Task<long> CountListenersAsync(string channel)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query = $1 AND datname = current_database()");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"LISTEN {channel}" });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    protected override async Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(IServiceProvider services)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {OutboxRows.Columns} FROM lead_status_outbox ORDER BY id");
        return await OutboxRows.ReadAsync(command);
    }
}
