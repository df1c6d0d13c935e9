using LeadStatus.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>
/// The data source <c>UsePostgres(...)</c> uses, against a real server: it does not flood the host's log (issue 14, finding 2)
/// and it is shared with the host in both directions (finding 8).
/// </summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresDataSourceSharingTests
{
    private PostgresTestDatabase _database = null!;
    private int _schemas;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await PostgresTestDatabase.CreateAsync("sharing");
        await using var command = _database.DataSource.CreateCommand(
            """
            INSERT INTO lead_statuses (business_id, status_id, label, aliases) VALUES (5, 'new', 'חדש', NULL), (5, 'interested', 'מעוניין', NULL);
            INSERT INTO leads (business_id, id, name, status) VALUES (5, 1, 'דנה', 'new');
            """);
        await command.ExecuteNonQueryAsync();
    }

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task The_library_data_source_does_not_log_SQL_below_warning_through_the_host_logger_factory()
    {
        // Regression: the host's logger factory was handed to Npgsql as is, and at Information every command logged its SQL.
        var logs = new CollectingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddLeadStatusUpdates(o => o.Postgres.Schema = NextSchema()).UsePostgres(_database.ConnectionString);
        await using var provider = services.BuildServiceProvider();
        await provider.EnsureLeadStatusSchemaAsync();

        var result = await provider.GetRequiredService<IStatusUpdateService>().ApplyFromRecommendationAsync(
            new StatusRecommendation(5, 1, "[המלצה: לא ידוע]", StatusSources.CallSummary, "log-1", 0.9));

        Assert.That(result.EventId, Is.Not.Null, result.Message);
        var npgsql = logs.Entries.Where(e => e.Category.StartsWith("Npgsql", StringComparison.Ordinal)).ToList();
        Assert.That(npgsql.Where(e => e.Level < LogLevel.Warning).Select(e => e.Message), Is.Empty);
        Assert.That(logs.Entries.Where(e => e.Message.Contains("lead_status_events", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task The_host_can_use_the_library_data_source_and_the_container_disposes_it()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UsePostgres(_database.ConnectionString);
        NpgsqlDataSource shared;
        await using (var provider = services.BuildServiceProvider())
        {
            shared = provider.GetLeadStatusDataSource();
            await LeadStatusReferenceSchema.CreateAsync(shared);
            await using var command = shared.CreateCommand("SELECT count(*) FROM leads WHERE business_id = 5");
            Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(1L));
        }

        Assert.That(() => shared.OpenConnection(), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task UsePostgres_without_arguments_uses_the_data_source_the_container_holds_and_leaves_it_open()
    {
        await using var hostDataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        var services = new ServiceCollection();
        services.AddSingleton(hostDataSource); // what Npgsql.DependencyInjection's AddNpgsqlDataSource registers
        services.AddLeadStatusUpdates(o => o.Postgres.Schema = NextSchema()).UsePostgres();
        await using (var provider = services.BuildServiceProvider())
        {
            Assert.That(provider.GetLeadStatusDataSource(), Is.SameAs(hostDataSource));
            await provider.EnsureLeadStatusSchemaAsync();
            var result = await provider.GetRequiredService<IStatusUpdateService>().ApplyFromRecommendationAsync(
                new StatusRecommendation(5, 1, "[המלצה: לא ידוע]", StatusSources.CallSummary, "unkeyed-1", 0.9));
            Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.UnknownLabel));
        }

        await using var connection = await hostDataSource.OpenConnectionAsync();
        Assert.That(connection.State, Is.EqualTo(System.Data.ConnectionState.Open));
    }

    [Test]
    public async Task UsePostgres_with_a_factory_takes_a_keyed_data_source()
    {
        await using var hostDataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        var services = new ServiceCollection();
        services.AddKeyedSingleton("crm", hostDataSource);
        services.AddLeadStatusUpdates(o => o.Postgres.Schema = NextSchema())
            .UsePostgres(sp => sp.GetRequiredKeyedService<NpgsqlDataSource>("crm"));
        await using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetLeadStatusDataSource(), Is.SameAs(hostDataSource));
        Assert.That(provider.GetService<NpgsqlDataSource>(), Is.Null, "the library registers no unkeyed data source of its own");
    }

    [Test]
    public void UsePostgres_without_arguments_and_no_data_source_says_what_to_register()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UsePostgres();
        using var provider = services.BuildServiceProvider();

        Assert.That(() => provider.GetRequiredService<IStatusUpdateService>(),
            Throws.InvalidOperationException.With.Message.Contains("AddNpgsqlDataSource").And.Message.Contains("UsePostgres(connectionString)"));
    }

    [Test]
    public void GetLeadStatusDataSource_on_the_in_memory_store_says_UsePostgres()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseInMemoryStore();
        using var provider = services.BuildServiceProvider();

        Assert.That(() => provider.GetLeadStatusDataSource(), Throws.InvalidOperationException.With.Message.Contains("UsePostgres"));
    }

    private string NextSchema() => "share" + Interlocked.Increment(ref _schemas);
}
