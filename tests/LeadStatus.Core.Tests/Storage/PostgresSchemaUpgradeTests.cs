using LeadStatus.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>A database created by an earlier version of the schema, with rows in it, upgrades in place.</summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresSchemaUpgradeTests
{
    private const string Schema = "upgrade_v1";
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("upgrade");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task A_version_1_database_with_rows_upgrades_from_four_hosts_at_once_with_nothing_lost()
    {
        // Version 1 exactly as a host running release 0.1 created it (or its partitioned replacement, when the run partitions), with
        // an applied change and its notification.
        var version1 = PostgresServer.Partitions > 0
            ? $"SET leadstatus.partitions = '{PostgresServer.Partitions}';\n" + PostgresSchemaMigrator.ReadScript(PostgresSchemaMigrator.PartitionedInitialScript)
            : PostgresSchemaMigrator.ReadScript("LeadStatus.Sql.001_initial.sql");
        await ExecuteAsync($"""
            CREATE SCHEMA {Schema};
            SET search_path TO {Schema};
            CREATE TABLE lead_status_schema_migrations (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
            {version1}
            INSERT INTO lead_status_schema_migrations (version) VALUES (1);
            INSERT INTO lead_status_events (business_id, lead_id, source, source_event_id, recommended_status_label, recommended_status_id,
                confidence, outcome, reason, previous_status_id, applied, applied_at, request_fingerprint, created_at)
            VALUES (9, 1, 'call_summary', 'c-1', 'מעוניין', 'interested', 0.9, 'applied', 'exact match', 'new', true, now(), '1|מעוניינ', now()),
                   (9, 1, 'call_summary', 'c-2', NULL, NULL, 0.4, 'no_recommendation', 'no tag', NULL, false, NULL, '1|', now());
            INSERT INTO lead_status_outbox (notification_id, event_id, business_id, lead_id, lead_name, previous_status_id, new_status_id,
                new_status_label, source, confidence, changed_at, next_attempt_at, created_at)
            VALUES (gen_random_uuid(), 1, 9, 1, 'Dana', 'new', 'interested', 'מעוניין', 'call_summary', 0.9, now(), now(), now());
            """);

        var providers = Enumerable.Range(0, 4).Select(_ =>
        {
            var services = new ServiceCollection();
            services.AddLeadStatusUpdates(options => options.Postgres.Schema = Schema).UsePostgres(_database.ConnectionString);
            return services.BuildServiceProvider();
        }).ToList();
        try
        {
            await Task.WhenAll(providers.Select(p => Task.Run(() => p.EnsureLeadStatusSchemaAsync())));
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }

        Assert.That(await ScalarAsync($"SELECT string_agg(version::text, ',' ORDER BY version) FROM {Schema}.lead_status_schema_migrations"),
            Is.EqualTo(string.Join(',', PostgresSchemaMigrator.Scripts.Select(s => s.Version))));
        Assert.That(await ScalarAsync($"SELECT string_agg(source_event_id || ':' || outcome || ':' || kind || ':' || coalesce(actor, '-'), ',' ORDER BY id) FROM {Schema}.lead_status_events"),
            Is.EqualTo("c-1:applied:recommendation:-,c-2:no_recommendation:recommendation:-"));
        Assert.That(await ScalarAsync($"SELECT count(*) FROM {Schema}.lead_status_outbox WHERE business_id = 9"), Is.EqualTo(1L));
        Assert.That(await ScalarAsync($"SELECT count(*) FROM {Schema}.lead_status_rules"), Is.EqualTo(0L));
        Assert.That(await ScalarAsync($"SELECT count(*) FROM pg_indexes WHERE schemaname = '{Schema}' AND indexname = 'ix_lead_status_events_human_change'"), Is.EqualTo(1L));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var command = _database.DataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
