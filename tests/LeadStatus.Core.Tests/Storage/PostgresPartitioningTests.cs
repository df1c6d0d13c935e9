using System.Text.RegularExpressions;
using LeadStatus.Storage;
using LeadStatus.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>
/// Tenant hash partitioning (<see cref="PostgresMappingOptions.EventPartitions"/>): the schema it creates, the refusal of a schema laid
/// out the other way, and the apply statement touching one partition with custom and generic plans. These set the option themselves,
/// so they test the same thing in both runs of .ci/run; the rest of the suite runs partitioned through LEADSTATUS_TEST_PARTITIONS.
/// </summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed partial class PostgresPartitioningTests
{
    private const int Partitions = 8;
    private static int _schemas;
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("partitions");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task A_fresh_schema_gets_both_tables_hash_partitioned_with_ids_from_sequences_and_applies_across_partitions()
    {
        // Arrange
        var schema = NewSchema();
        var catalog = new InMemoryStatusCatalog();
        long[] businesses = [101, 102, 103, 104, 105, 106, 107, 108, 109, 110];
        foreach (var business in businesses)
        {
            catalog.Set(business, new LeadStatusDefinition("new", "חדש"), new LeadStatusDefinition("interested", "מעוניין"));
            await ExecuteAsync($"INSERT INTO leads (business_id, id, name, status) VALUES ({business}, 1, 'Dana', 'new')");
        }

        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o =>
        {
            o.Postgres.Schema = schema;
            o.Postgres.EventPartitions = Partitions;
            o.Notifications.DispatcherEnabled = false;
        }).UsePostgres(_database.DataSource).UseStatusCatalog(catalog);
        await using var provider = services.BuildServiceProvider();

        // Act
        await provider.EnsureLeadStatusSchemaAsync();
        var service = provider.GetRequiredService<IStatusUpdateService>();
        var results = new List<StatusUpdateResult>();
        foreach (var business in businesses)
        {
            results.Add(await service.ApplyFromRecommendationAsync(
                new StatusRecommendation(business, 1, "[המלצה: מעוניין]", StatusSources.CallSummary, "call-1", 0.9)));
        }

        var again = await service.ApplyFromRecommendationAsync(
            new StatusRecommendation(businesses[0], 1, "[המלצה: מעוניין]", StatusSources.CallSummary, "call-1", 0.9));

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(await ScalarAsync($"""
                SELECT string_agg(c.relname || ':' || pg_get_partkeydef(c.oid) || ':' ||
                                  (SELECT count(*) FROM pg_inherits AS i WHERE i.inhparent = c.oid), ',' ORDER BY c.relname)
                FROM pg_class AS c WHERE c.relnamespace = '{schema}'::regnamespace AND c.relkind = 'p'
                """),
                Is.EqualTo($"lead_status_events:HASH (business_id):{Partitions},lead_status_outbox:HASH (business_id):{Partitions}"));
            Assert.That(await ScalarAsync($"""
                SELECT string_agg(s.relname, ',' ORDER BY s.relname)
                FROM pg_class AS s JOIN pg_depend AS d ON d.objid = s.oid AND d.deptype = 'a'
                WHERE s.relkind = 'S' AND s.relnamespace = '{schema}'::regnamespace
                """),
                Is.EqualTo("lead_status_events_id_seq,lead_status_outbox_id_seq"), "each id's sequence is owned by its column");
            Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(StatusUpdateOutcome.Applied));
            Assert.That(results.Select(r => r.EventId), Is.Unique.And.Ordered, "ids increase across partitions, as with an identity column");
            Assert.That(again.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
            Assert.That(again.EventId, Is.EqualTo(results[0].EventId));
            Assert.That(await ScalarAsync($"SELECT count(DISTINCT tableoid) FROM {schema}.lead_status_events"), Is.GreaterThan(1L),
                "ten businesses spread over several partitions");
            Assert.That(await ScalarAsync($"""
                SELECT count(*) FROM {schema}.lead_status_events AS e JOIN {schema}.lead_status_outbox AS o ON o.event_id = e.id
                WHERE substring(e.tableoid::regclass::text FROM '_p[0-9]+$') = substring(o.tableoid::regclass::text FROM '_p[0-9]+$')
                """),
                Is.EqualTo((long)businesses.Length), "a business's event and notification share a partition number");
        });
    }

    [TestCase(0, Partitions, "a plain table", "0")]
    [TestCase(Partitions, 0, "hash-partitioned by business_id into 8 partitions", "8")]
    [TestCase(Partitions, 4, "hash-partitioned by business_id into 8 partitions", "8")]
    public async Task A_schema_laid_out_otherwise_than_the_option_says_is_refused_naming_the_option(int created, int asked, string found, string fix)
    {
        // Arrange
        var schema = NewSchema();
        await MigrateAsync(schema, created);

        // Act
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => MigrateAsync(schema, asked));

        // Assert
        var wanted = asked == 0 ? "plain tables" : $"tables hash-partitioned by business_id into {asked} partitions";
        Assert.That(error!.Message, Is.EqualTo(
            $"LeadStatusOptions.Postgres.EventPartitions is {asked} ({wanted}), but in schema '{schema}' lead_status_events is {found} and " +
            $"lead_status_outbox is {found}. Set LeadStatusOptions.Postgres.EventPartitions to {fix} to use the schema as it is. How an " +
            "existing schema is partitioned is chosen when it is created; changing it is a data migration (docs/SCALING.md, \"Converting an existing schema\")."));
    }

    [Test]
    public async Task Tables_laid_out_unlike_each_other_are_refused_whatever_the_option_says()
    {
        // Arrange: partitioned events, and an outbox replaced by a plain table and by a partitioned table without partitions.
        var schema = NewSchema();
        await MigrateAsync(schema, Partitions);
        await ExecuteAsync($"""
            ALTER TABLE {schema}.lead_status_outbox RENAME TO old_outbox;
            CREATE TABLE {schema}.lead_status_outbox (LIKE {schema}.old_outbox) PARTITION BY HASH (business_id);
            """);

        // Act
        var plain = Assert.ThrowsAsync<InvalidOperationException>(() => MigrateAsync(schema, 0));
        var partitioned = Assert.ThrowsAsync<InvalidOperationException>(() => MigrateAsync(schema, Partitions));

        // Assert
        const string advice = "The library uses lead_status_events and lead_status_outbox either both plain or both hash-partitioned by business_id " +
            "with the same number of partitions; fix the schema (docs/SCALING.md, \"Converting an existing schema\").";
        Assert.That(plain!.Message, Is.EqualTo(
            $"LeadStatusOptions.Postgres.EventPartitions is 0 (plain tables), but in schema '{schema}' lead_status_events is hash-partitioned by " +
            $"business_id into {Partitions} partitions and lead_status_outbox is partitioned by HASH (business_id) into 0 partitions. {advice}"));
        Assert.That(partitioned!.Message, Does.EndWith($"lead_status_outbox is partitioned by HASH (business_id) into 0 partitions. {advice}"));
    }

    [Test]
    public async Task A_plain_version_1_schema_asked_to_partition_is_refused_before_any_script_is_applied()
    {
        // Arrange: version 1 as a host running release 0.1 created it.
        var schema = NewSchema();
        await ExecuteAsync($"""
            CREATE SCHEMA {schema};
            SET search_path TO {schema};
            CREATE TABLE lead_status_schema_migrations (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
            {PostgresSchemaMigrator.ReadScript("LeadStatus.Sql.001_initial.sql")}
            INSERT INTO lead_status_schema_migrations (version) VALUES (1);
            """);

        // Act
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => MigrateAsync(schema, Partitions));

        // Assert
        Assert.That(error!.Message, Does.StartWith($"LeadStatusOptions.Postgres.EventPartitions is {Partitions} ").And.Contain("is a plain table"));
        Assert.That(await ScalarAsync($"SELECT string_agg(version::text, ',') FROM {schema}.lead_status_schema_migrations"), Is.EqualTo("1"));
    }

    /// <summary>
    /// The real apply statement (<see cref="PostgresLeadStatusStore.BuildSql"/>), prepared and executed under EXPLAIN ANALYZE on the
    /// applied path (so the event, lead, history and outbox writes all run): with a custom plan the planner keeps one partition of the
    /// events; with the generic plan a prepared statement switches to, <c>$1</c> is unknown when planning and PostgreSQL removes the
    /// other partitions when the executor starts ("Subplans Removed"). Inserts are routed to the row's partition, which the rows' tableoid shows.
    /// </summary>
    [TestCase("force_custom_plan")]
    [TestCase("force_generic_plan")]
    public async Task The_apply_statement_touches_one_partition_of_events_and_outbox(string planCacheMode)
    {
        // Arrange: a lead, and rows of many businesses in every partition, so that a scan not pruned would show.
        const long business = 4242;
        await using var harness = await _database.CreateHarnessAsync(Partitions);
        await harness.SeedLeadAsync(business, 1, "Dana", "new");
        await SeedEveryPartitionAsync(harness.Schema);
        var apply = PostgresLeadStatusStore.BuildSql(new PostgresMappingOptions { Schema = harness.Schema, EventPartitions = Partitions }).Apply;
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, $"SET LOCAL plan_cache_mode = {planCacheMode}; PREPARE apply_probe ({ApplyParameterTypes}) AS {apply}");

        // Act
        var plan = await ExplainAsync(connection, $"""
            EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE apply_probe (
                {business}, 1, 'call_summary', 'plan-probe', 'מעוניין', 'interested', 'מעוניין', 0.9, '1|מעוניינ',
                {PgIdentifier.Literal(OutcomeCodes.ToCode(StatusUpdateOutcome.Applied))}, 'exact match', true, gen_random_uuid(), now(),
                {PgIdentifier.Literal(StoreReasons.LeadNotFound)}, {PgIdentifier.Literal(StoreReasons.SameStatus)},
                {PgIdentifier.Literal(EventCodes.ToCode(LeadStatusEventKind.Recommendation))}, NULL, NULL, 'exact', NULL, NULL,
                now() - interval '24 hours', 'manual change by %s %s min ago is protected for 24 h', true, false, true)
            """);
        var landed = await ExplainAsync(connection, $"""
            SELECT e.tableoid::regclass::text || ',' || o.tableoid::regclass::text
            FROM {harness.Schema}.lead_status_events AS e JOIN {harness.Schema}.lead_status_outbox AS o ON o.business_id = e.business_id AND o.event_id = e.id
            WHERE e.business_id = {business} AND e.source_event_id = 'plan-probe'
            """);
        // Not asserted, reported: which partitions the statement locked (PostgreSQL 15 locks every partition of a generic plan's
        // tables when it starts executing it, before pruning; docs/SCALING.md).
        var locked = await ExplainAsync(connection, """
            SELECT coalesce(string_agg(c.relname, ',' ORDER BY c.relname), '')
            FROM pg_locks AS l JOIN pg_class AS c ON c.oid = l.relation
            WHERE l.pid = pg_backend_pid() AND c.relkind = 'r' AND c.relname ~ '^lead_status_(events|outbox)_p[0-9]+$'
            """);
        await ExecuteAsync(connection, "DEALLOCATE apply_probe");
        await transaction.RollbackAsync();
        TestContext.Out.WriteLine($"plan_cache_mode = {planCacheMode}; partitions locked: {locked}\n{plan}");

        // Assert
        var scanned = PartitionScan().Matches(plan).Select(m => m.Groups["partition"].Value).Distinct().ToList();
        var partition = Regex.Match(landed, "_p(?<n>[0-9]+),").Groups["n"].Value;
        Assert.Multiple(() =>
        {
            Assert.That(landed, Is.EqualTo($"{harness.Schema}.lead_status_events_p{partition},{harness.Schema}.lead_status_outbox_p{partition}"),
                "the applied path wrote its event and its notification, each to the business's partition");
            Assert.That(scanned, Is.EqualTo(new[] { $"lead_status_events_p{partition}" }),
                "every read of the events (idempotency key, manual-change protection, superseded suggestions) is of the business's partition");
            if (planCacheMode == "force_generic_plan")
            {
                Assert.That(plan, Does.Contain($"Subplans Removed: {Partitions - 1}"), "run-time pruning of the generic plan");
            }
        });
    }

    // Custom plans only: a generic plan of the list form cannot prune hash partitions by "= ANY" of an array parameter, so its
    // key and superseded-suggestion reads visit every partition (docs/SCALING.md). Probing per row (a lateral subquery) prunes at
    // run time but made a chunk of 100 four times slower, and was not kept.
    [TestCase("force_custom_plan")]
    public async Task The_list_form_of_the_apply_statement_touches_only_its_businesses_partitions(string planCacheMode)
    {
        // Arrange: two leads of one business, and rows of many businesses in every partition.
        const long business = 4242;
        await using var harness = await _database.CreateHarnessAsync(Partitions);
        await harness.SeedLeadAsync(business, 1, "Dana", "new");
        await harness.SeedLeadAsync(business, 2, "Noa", "new");
        await SeedEveryPartitionAsync(harness.Schema);
        var many = PostgresLeadStatusStore.BuildSql(new PostgresMappingOptions { Schema = harness.Schema, EventPartitions = Partitions }).ApplyMany;
        await using var connection = await _database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, $"SET LOCAL plan_cache_mode = {planCacheMode}; PREPARE apply_many_probe ({ApplyManyParameterTypes}) AS {many}");
        var applied = PgIdentifier.Literal(OutcomeCodes.ToCode(StatusUpdateOutcome.Applied));
        var recommendation = PgIdentifier.Literal(EventCodes.ToCode(LeadStatusEventKind.Recommendation));

        // Act
        var plan = await ExplainAsync(connection, $"""
            EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE apply_many_probe (
                ARRAY[{business}, {business}]::bigint[], ARRAY[1, 2]::bigint[], ARRAY['call_summary', 'call_summary'], ARRAY['list-probe-1', 'list-probe-2'],
                ARRAY['מעוניין', 'מעוניין'], ARRAY['interested', 'interested'], ARRAY['מעוניין', 'מעוניין'], ARRAY[0.9, 0.9]::float8[],
                ARRAY['1|מעוניינ', '2|מעוניינ'], ARRAY[{applied}, {applied}], ARRAY['exact match', 'exact match'], ARRAY[true, true],
                ARRAY[gen_random_uuid(), gen_random_uuid()], ARRAY[now(), now()],
                {PgIdentifier.Literal(StoreReasons.LeadNotFound)}, {PgIdentifier.Literal(StoreReasons.SameStatus)},
                ARRAY[{recommendation}, {recommendation}], ARRAY[NULL, NULL]::text[], ARRAY[NULL, NULL]::bigint[], ARRAY['exact', 'exact'],
                ARRAY[]::text[], ARRAY[]::text[], ARRAY[now() - interval '24 hours', now() - interval '24 hours'],
                ARRAY['manual change by %s %s min ago is protected for 24 h', 'manual change by %s %s min ago is protected for 24 h'],
                ARRAY[true, true], ARRAY[false, false], ARRAY[0, 0], ARRAY[-1, -1], ARRAY[0, 0], ARRAY[-1, -1])
            """);
        var landed = await ExplainAsync(connection, $"""
            SELECT DISTINCT e.tableoid::regclass::text || ',' || o.tableoid::regclass::text
            FROM {harness.Schema}.lead_status_events AS e JOIN {harness.Schema}.lead_status_outbox AS o ON o.business_id = e.business_id AND o.event_id = e.id
            WHERE e.business_id = {business} AND e.source_event_id LIKE 'list-probe-%'
            """);
        await ExecuteAsync(connection, "DEALLOCATE apply_many_probe");
        await transaction.RollbackAsync();
        TestContext.Out.WriteLine($"plan_cache_mode = {planCacheMode}\n{plan}");

        // Assert: no other partition's scan ran (a node pruned at run time shows "never executed").
        var executed = string.Join('\n', plan.Split('\n').Where(line => !line.Contains("(never executed)", StringComparison.Ordinal)));
        var scanned = PartitionScan().Matches(executed).Select(m => m.Groups["partition"].Value).Distinct().ToList();
        var partition = Regex.Match(landed, "_p(?<n>[0-9]+),").Groups["n"].Value;
        Assert.Multiple(() =>
        {
            Assert.That(landed, Is.EqualTo($"{harness.Schema}.lead_status_events_p{partition},{harness.Schema}.lead_status_outbox_p{partition}"),
                "both writes applied, each event and notification in the business's partition");
            Assert.That(scanned, Is.EqualTo(new[] { $"lead_status_events_p{partition}" }),
                "every read of the events (idempotency keys, manual-change protection, superseded suggestions) is of the list's businesses' partitions");
        });
    }

    /// <summary>The types of the list form's <c>$1</c>…<c>$30</c>, as <c>PostgresLeadStatusStore.ApplyManyCommand</c> sends them.</summary>
    private const string ApplyManyParameterTypes =
        "bigint[], bigint[], text[], text[], text[], text[], text[], double precision[], text[], text[], text[], boolean[], uuid[], timestamptz[], " +
        "text, text, text[], text[], bigint[], text[], text[], text[], timestamptz[], text[], boolean[], boolean[], int[], int[], int[], int[]";

    /// <summary>Writes an event of each of 64 businesses, so that every partition has rows and a scan not pruned would show.</summary>
    private Task SeedEveryPartitionAsync(string schema) => ExecuteAsync($"""
        INSERT INTO {schema}.lead_status_events (business_id, lead_id, source, source_event_id, confidence, outcome, reason, applied,
            request_fingerprint, created_at)
        SELECT b, 1, 'call_summary', 'seed', 0.5, 'no_recommendation', 'seed', false, 'seed', now() FROM generate_series(1, 64) AS b;
        ANALYZE {schema}.lead_status_events;
        """);

    /// <summary>The types of the apply statement's <c>$1</c>…<c>$27</c>, as <c>PostgresLeadStatusStore.ApplyCommand</c> sends them.</summary>
    private const string ApplyParameterTypes =
        "bigint, bigint, text, text, text, text, text, double precision, text, text, text, boolean, uuid, timestamptz, text, text, text, " +
        "text, bigint, text, text[], text[], timestamptz, text, boolean, boolean, boolean";

    /// <summary>A node that reads a partition: <c>Seq Scan on …_p3</c>, <c>Index Scan using … on …_p3</c>, <c>Bitmap Heap Scan on …_p3</c>.</summary>
    [GeneratedRegex(@"Scan (?:using \S+ )?on (?<partition>lead_status_(?:events|outbox)_p[0-9]+)\b")]
    private static partial Regex PartitionScan();

    private static string NewSchema() => $"part{Interlocked.Increment(ref _schemas)}";

    private Task MigrateAsync(string schema, int partitions) => PostgresSchemaMigrator.MigrateAsync(
        _database.DataSource, new PostgresMappingOptions { Schema = schema, EventPartitions = partitions }, NullLogger.Instance, CancellationToken.None);

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a query and returns its rows' first column, one line each.</summary>
    private static async Task<string> ExplainAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join('\n', lines);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = _database.DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
