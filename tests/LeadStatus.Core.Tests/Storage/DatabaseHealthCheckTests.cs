using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary><c>AddHealthChecks().AddLeadStatusDatabase()</c> against a real server: reachable, schema current, host tables there.</summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class DatabaseHealthCheckTests
{
    private PostgresTestDatabase _database = null!;
    private int _schemas;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("health");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task Current_schema_and_host_tables_are_healthy()
    {
        await using var provider = Build(_database.ConnectionString, NextSchema());
        await provider.EnsureLeadStatusSchemaAsync();

        var entry = await CheckAsync(provider);

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Healthy), entry.Description);
        Assert.That(entry.Data["version"], Is.EqualTo(entry.Data["required_version"]));
    }

    [Test]
    public async Task A_missing_schema_is_unhealthy_and_says_what_to_run()
    {
        await using var provider = Build(_database.ConnectionString, NextSchema());

        var entry = await CheckAsync(provider);

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Description, Does.Contain("EnsureLeadStatusSchemaAsync"));
    }

    [Test]
    public async Task An_older_schema_is_unhealthy_with_both_versions()
    {
        var schema = NextSchema();
        await using var provider = Build(_database.ConnectionString, schema);
        await provider.EnsureLeadStatusSchemaAsync();
        await using (var command = _database.DataSource.CreateCommand($"DELETE FROM \"{schema}\".lead_status_schema_migrations"))
        {
            await command.ExecuteNonQueryAsync();
        }

        var entry = await CheckAsync(provider);

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Description, Does.Contain("version 0"));
    }

    [Test]
    public async Task A_missing_host_table_is_unhealthy_and_named()
    {
        await using var provider = Build(_database.ConnectionString, NextSchema(), o => o.Postgres.LeadsTable = "crm_leads");
        Assert.That(async () => await provider.EnsureLeadStatusSchemaAsync(), Throws.InvalidOperationException.With.Message.Contains("crm_leads"),
            "Ensure creates the library's tables, then refuses the mapping");

        var entry = await CheckAsync(provider);

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Description, Does.Contain("crm_leads"));
    }

    [Test]
    public async Task An_unreachable_server_reports_the_registered_failure_status()
    {
        var closed = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Port = ClosedPort(), Timeout = 2 }.ConnectionString;
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UsePostgres(closed);
        services.AddLogging().AddHealthChecks().AddLeadStatusDatabase(failureStatus: HealthStatus.Degraded);
        await using var provider = services.BuildServiceProvider();

        var entry = await CheckAsync(provider);

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(entry.Description, Does.Contain("not reachable"));
    }

    [Test]
    public async Task The_in_memory_store_is_healthy()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseInMemoryStore();
        services.AddLogging().AddHealthChecks().AddLeadStatusDatabase();
        await using var provider = services.BuildServiceProvider();

        Assert.That((await CheckAsync(provider)).Status, Is.EqualTo(HealthStatus.Healthy));
    }

    private static ServiceProvider Build(string connectionString, string schema, Action<LeadStatusOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o =>
        {
            o.Postgres.Schema = schema;
            configure?.Invoke(o);
        }).UsePostgres(connectionString);
        services.AddLogging().AddHealthChecks().AddLeadStatusDatabase();
        return services.BuildServiceProvider();
    }

    private static async Task<HealthReportEntry> CheckAsync(IServiceProvider provider)
    {
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[LeadStatusHealthChecksBuilderExtensions.DatabaseCheckName];
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string NextSchema() => "health" + Interlocked.Increment(ref _schemas);
}
