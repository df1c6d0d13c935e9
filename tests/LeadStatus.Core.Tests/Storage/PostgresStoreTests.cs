using System.Diagnostics;
using LeadStatus.Policy;
using LeadStatus.Storage;
using LeadStatus.Storage.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>What only PostgreSQL can show: real concurrency, a connection killed mid-apply, round trips.</summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresStoreTests
{
    private static long _nextBusinessId = 500_000;
    private PostgresTestDatabase _database = null!;
    private PostgresHarness _harness = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("store");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [SetUp]
    public async Task CreateHarness() => _harness = await _database.CreateHarnessAsync();

    [TearDown]
    public async Task DisposeHarness() => await _harness.DisposeAsync();

    private static long NewBusinessId() => Interlocked.Increment(ref _nextBusinessId);

    [Test]
    public async Task Sixty_four_parallel_calls_with_one_key_record_one_event_one_change_and_one_notification()
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");

        // Each call opens its own pooled connection inside RecordAsync; they run at once against one key.
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ =>
            Task.Run(() => _harness.Store.RecordAsync(Writes.Apply(b, 7, "same-key"), CancellationToken.None))));

        Assert.That(results.Count(r => r.Outcome == StatusUpdateOutcome.Applied), Is.EqualTo(1));
        Assert.That(results.Count(r => r.Outcome == StatusUpdateOutcome.AlreadyProcessed), Is.EqualTo(63));
        Assert.That(results.Select(r => r.EventId).Distinct().Count(), Is.EqualTo(1), "every call reports the one event");
        Assert.That(results.Select(r => r.RecordedOutcome).Distinct(), Is.EqualTo(new[] { StatusUpdateOutcome.Applied }));
        Assert.That(await _harness.GetEventsAsync(b), Has.Count.EqualTo(1));
        Assert.That(await _harness.GetHistoryAsync(b), Has.Count.EqualTo(1));
        Assert.That(await _harness.GetOutboxAsync(b), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Parallel_calls_with_different_keys_on_one_lead_are_serialized_and_each_sees_the_previous_status()
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => _harness.Store.RecordAsync(
                Writes.Apply(b, 7, "key-" + i, statusId: i % 2 == 0 ? "interested" : "callback", label: i % 2 == 0 ? "מעוניין" : "לחזור"),
                CancellationToken.None))));

        var history = await _harness.GetHistoryAsync(b);
        Assert.That(history, Has.Count.EqualTo(results.Count(r => r.Outcome == StatusUpdateOutcome.Applied)));
        Assert.That(history, Is.Not.Empty);
        Assert.That(history[0].OldStatus, Is.EqualTo("new"));
        for (var i = 1; i < history.Count; i++)
        {
            Assert.That(history[i].OldStatus, Is.EqualTo(history[i - 1].NewStatus), $"history row {i}");
            Assert.That(history[i].NewStatus, Is.Not.EqualTo(history[i].OldStatus));
        }

        Assert.That(await _harness.GetLeadStatusAsync(b, 7), Is.EqualTo(history[^1].NewStatus));
        Assert.That(await _harness.GetEventsAsync(b), Has.Count.EqualTo(16));
        Assert.That(results.Where(r => r.Outcome != StatusUpdateOutcome.Applied).Select(r => r.Outcome).Distinct(),
            Is.SubsetOf(new[] { StatusUpdateOutcome.SameStatus }));
    }

    [Test]
    public async Task Connection_killed_mid_apply_throws_writes_nothing_and_a_retry_applies_once()
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");
        var applicationName = "ls-fault-" + Guid.NewGuid().ToString("N")[..8];
        await using var faultySource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(_database.ConnectionString) { ApplicationName = applicationName, Pooling = false }.ConnectionString);
        var options = new LeadStatusOptions();
        options.Postgres.Schema = _harness.Schema;
        var store = new PostgresLeadStatusStore(new LeadStatusDataSource(faultySource, owned: false), Options.Create(options));
        var write = Writes.Apply(b, 7, "wa-fault");

        // Hold the lead's row lock so the apply blocks inside its statement, then kill its backend.
        await using var blocker = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockLead = new NpgsqlCommand($"SELECT 1 FROM leads WHERE business_id = {b} AND id = 7 FOR UPDATE", blocker, transaction))
        {
            await lockLead.ExecuteNonQueryAsync();
        }

        var apply = store.RecordAsync(write, CancellationToken.None);
        var pid = await WaitForBlockedBackendAsync(applicationName);
        await using (var kill = _database.DataSource.CreateCommand($"SELECT pg_terminate_backend({pid})"))
        {
            await kill.ExecuteNonQueryAsync();
        }

        Assert.That(async () => await apply, Throws.InstanceOf<NpgsqlException>());
        await transaction.RollbackAsync();

        Assert.That(await _harness.GetEventsAsync(b), Is.Empty);
        Assert.That(await _harness.GetHistoryAsync(b), Is.Empty);
        Assert.That(await _harness.GetOutboxAsync(b), Is.Empty);
        Assert.That(await _harness.GetLeadStatusAsync(b, 7), Is.EqualTo("new"));

        var retry = await _harness.Store.RecordAsync(write, CancellationToken.None);
        var again = await _harness.Store.RecordAsync(write, CancellationToken.None);
        Assert.That(retry.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(again.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
        Assert.That(await _harness.GetHistoryAsync(b), Has.Count.EqualTo(1));
        Assert.That(await _harness.GetOutboxAsync(b), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Same_key_committed_by_another_call_while_the_apply_waits_is_read_back_as_already_processed()
    {
        // Regression guard for the READ COMMITTED race: the waiting statement's ON CONFLICT DO NOTHING inserts nothing and
        // its snapshot cannot see the other call's row, so the store must read it back with a new statement.
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");
        var applicationName = "ls-race-" + Guid.NewGuid().ToString("N")[..8];
        await using var racingSource = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(_database.ConnectionString) { ApplicationName = applicationName }.ConnectionString);
        var options = new LeadStatusOptions();
        options.Postgres.Schema = _harness.Schema;
        var store = new PostgresLeadStatusStore(new LeadStatusDataSource(racingSource, owned: false), Options.Create(options));

        await using var blocker = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var lockLead = new NpgsqlCommand($"SELECT 1 FROM leads WHERE business_id = {b} AND id = 7 FOR UPDATE", blocker, transaction))
        {
            await lockLead.ExecuteNonQueryAsync();
        }

        var waiting = store.RecordAsync(Writes.Apply(b, 7, "wa-race"), CancellationToken.None);
        await WaitForBlockedBackendAsync(applicationName);
        var first = await _harness.Store.RecordAsync(
            Writes.Apply(b, 7, "wa-race", proposed: StatusUpdateOutcome.BelowConfidenceThreshold, reason: "low"), CancellationToken.None);
        await transaction.CommitAsync();
        var late = await waiting;

        Assert.That(first.Outcome, Is.EqualTo(StatusUpdateOutcome.BelowConfidenceThreshold));
        Assert.That(late.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
        Assert.That(late.EventId, Is.EqualTo(first.EventId));
        Assert.That(late.RecordedOutcome, Is.EqualTo(StatusUpdateOutcome.BelowConfidenceThreshold));
        Assert.That(await _harness.GetLeadStatusAsync(b, 7), Is.EqualTo("new"));
        Assert.That(await _harness.GetHistoryAsync(b), Is.Empty);
        Assert.That(await _harness.GetOutboxAsync(b), Is.Empty);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Applied_path_sends_exactly_one_command(bool withRules)
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");
        await _harness.Store.RecordAsync(Writes.Apply(b, 7, "warm-up", proposed: StatusUpdateOutcome.NoRecommendation), CancellationToken.None);

        // Npgsql starts one Activity (ActivitySource "Npgsql") per command it sends. Running the call under a root activity
        // of our own and counting the Npgsql activities of that trace counts exactly the commands this call sent, whatever
        // else runs in the process. The warm-up call above keeps a physical connection open in the pool.
        var commands = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "LeadStatus.Tests",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        using var testSource = new ActivitySource("LeadStatus.Tests");
        ActivitySource.AddActivityListener(listener);
        ActivityTraceId trace;
        listener.ActivityStopped = activity =>
        {
            if (activity.Source.Name == "Npgsql")
            {
                lock (commands)
                {
                    commands.Add(activity.TraceId + " " + activity.DisplayName);
                }
            }
        };

        StoreWriteResult result;
        using (var root = testSource.StartActivity("apply-under-test"))
        {
            Assert.That(root, Is.Not.Null);
            trace = root!.TraceId;
            var write = Writes.Apply(b, 7, "wa-1");
            if (withRules)
            {
                // Every rule checked under the lock: locked statuses, a transition list naming the current status, protection.
                write = write with { Guard = new LeadGuard(["won", "lost"], ["new"], Writes.T0.AddHours(-24), RuleReasons.ProtectedTemplate(TimeSpan.FromHours(24))) };
            }

            result = await _harness.Store.RecordAsync(write, CancellationToken.None);
        }

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        string[] ours;
        lock (commands)
        {
            ours = [.. commands.Where(c => c.StartsWith(trace.ToString(), StringComparison.Ordinal))];
        }

        // One command or one batch: Npgsql sends either in one round trip, up to one Sync.
        Assert.That(ours, Has.Length.EqualTo(1), string.Join(Environment.NewLine, ours));
    }

    [Test]
    public async Task A_NUL_character_is_refused_before_any_write()
    {
        var b = NewBusinessId();
        await _harness.SeedLeadAsync(b, 7, "Dana", "new");

        Assert.That(
            async () => await _harness.Store.RecordAsync(Writes.Apply(b, 7, "wa-1", label: "מעו\0ניין"), CancellationToken.None),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("RecommendedLabel"));
        Assert.That(await _harness.GetEventsAsync(b), Is.Empty);
        Assert.That(await _harness.GetLeadStatusAsync(b, 7), Is.EqualTo("new"));
    }

    [Test]
    public async Task Mapped_table_and_column_names_are_quoted_and_used()
    {
        var b = NewBusinessId();
        await using (var ddl = _database.DataSource.CreateCommand(
            """
            CREATE SCHEMA IF NOT EXISTS "Crm";
            CREATE TABLE IF NOT EXISTS "Crm"."Leads" ("LeadId" bigint, "Tenant" bigint, "Full Name" text, "Stage" varchar(64), PRIMARY KEY ("Tenant", "LeadId"));
            CREATE TABLE IF NOT EXISTS "Crm"."History" (id bigint GENERATED ALWAYS AS IDENTITY, business_id bigint, lead_id bigint, old_status text,
                new_status text, source text, confidence double precision, reason text, created_at timestamptz);
            """))
        {
            await ddl.ExecuteNonQueryAsync();
        }

        await using (var seed = _database.DataSource.CreateCommand($"INSERT INTO \"Crm\".\"Leads\" VALUES (7, {b}, 'Dana', 'new')"))
        {
            await seed.ExecuteNonQueryAsync();
        }

        var options = new LeadStatusOptions();
        options.Postgres.Schema = _harness.Schema;
        options.Postgres.LeadsTable = "Crm.Leads";
        options.Postgres.LeadIdColumn = "LeadId";
        options.Postgres.LeadBusinessIdColumn = "Tenant";
        options.Postgres.LeadNameColumn = "Stage"; // any text column works as the name
        options.Postgres.LeadStatusColumn = "Stage";
        options.Postgres.HistoryTable = "Crm.History";
        var store = new PostgresLeadStatusStore(new LeadStatusDataSource(_database.DataSource, owned: false), Options.Create(options));

        var result = await store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(result.PreviousStatusId, Is.EqualTo("new"));
        await using var check = _database.DataSource.CreateCommand($"SELECT \"Stage\" FROM \"Crm\".\"Leads\" WHERE \"Tenant\" = {b}");
        Assert.That(await check.ExecuteScalarAsync(), Is.EqualTo("interested"));
    }

    [Test]
    public void Identifiers_that_are_not_identifiers_are_refused()
    {
        var options = new LeadStatusOptions();
        options.Postgres.LeadsTable = "leads; DROP TABLE leads";

        Assert.That(() => PostgresLeadStatusStore.BuildSql(options.Postgres),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("LeadStatusOptions.Postgres.LeadsTable"));
    }

    private async Task<int> WaitForBlockedBackendAsync(string applicationName)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            await using var find = _database.DataSource.CreateCommand(
                "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'");
            find.Parameters.Add(new NpgsqlParameter { Value = applicationName });
            if (await find.ExecuteScalarAsync() is int pid)
            {
                return pid;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The apply of '{applicationName}' never blocked on the lead's lock.");
    }
}
