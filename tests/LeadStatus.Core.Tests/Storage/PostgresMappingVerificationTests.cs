using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>
/// A misconfigured host-table mapping is caught by <c>EnsureLeadStatusSchemaAsync</c> and by the start-up check, with a message
/// naming the option and what the database has (issue 15, finding 5: only 2 of 6 misconfigurations were caught at start-up).
/// </summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresMappingVerificationTests
{
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _database = await PostgresTestDatabase.CreateAsync("mapping");
        await using var command = _database.DataSource.CreateCommand(
            """
            CREATE SCHEMA crm;
            CREATE TABLE crm.contacts (id bigint NOT NULL, business_id bigint NOT NULL, name text, status text, PRIMARY KEY (business_id, id));
            CREATE TABLE crm.int_leads (id bigint NOT NULL, business_id bigint NOT NULL, name text, status integer);
            CREATE TABLE crm.strict_history (LIKE public.lead_status_history, tenant_region text NOT NULL);
            """);
        await command.ExecuteNonQueryAsync();
    }

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    private static IEnumerable<TestCaseData> Misconfigurations()
    {
        yield return new TestCaseData((Action<PostgresMappingOptions>)(p => p.LeadsTable = "crm.Contacts"),
                "LeadStatusOptions.Postgres.LeadsTable 'crm.Contacts' does not exist; did you mean 'crm.contacts'?")
            .SetName("A wrong-case table is named with the table the database has");
        yield return new TestCaseData((Action<PostgresMappingOptions>)(p => p.LeadStatusColumn = "Status"),
                "LeadStatusOptions.Postgres.LeadStatusColumn 'Status' is not a column of LeadStatusOptions.Postgres.LeadsTable 'leads'; did you mean 'status'?")
            .SetName("A wrong-case column is named with the column the table has");
        yield return new TestCaseData((Action<PostgresMappingOptions>)(p => p.StatusesTable = "crm.lead_statuses"),
                "LeadStatusOptions.Postgres.StatusesTable 'crm.lead_statuses' does not exist; did you mean 'public.lead_statuses'?")
            .SetName("A missing statuses table is named");
        yield return new TestCaseData((Action<PostgresMappingOptions>)(p => p.HistoryTable = "crm.status_history"),
                "LeadStatusOptions.Postgres.HistoryTable 'crm.status_history' does not exist (no table or view of that name in any schema, in any letter case).")
            .SetName("A missing history table is named");
        yield return new TestCaseData((Action<PostgresMappingOptions>)(p => p.LeadNameColumn = "full_name"),
                "LeadStatusOptions.Postgres.LeadNameColumn 'full_name' is not a column of LeadStatusOptions.Postgres.LeadsTable 'leads'.")
            .SetName("A missing column is named");
        yield return new TestCaseData((Action<PostgresMappingOptions>)(p => p.LeadsTable = "crm.int_leads"),
                "LeadStatusOptions.Postgres.LeadStatusColumn 'status' of 'crm.int_leads' is integer; it must be a text type (text, varchar or char).")
            .SetName("A column of an unusable type is named with its type");
        yield return new TestCaseData((Action<PostgresMappingOptions>)(p => p.HistoryTable = "crm.strict_history"),
                "LeadStatusOptions.Postgres.HistoryTable 'crm.strict_history' has a column 'tenant_region' that is NOT NULL without a default, which the library does not write.")
            .SetName("A history column the library cannot fill is named");
    }

    [TestCaseSource(nameof(Misconfigurations))]
    public async Task Ensure_schema_fails_naming_the_option_and_what_the_database_has(Action<PostgresMappingOptions> misconfigure, string expected)
    {
        // Arrange
        await using var provider = Build(misconfigure);

        // Act
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => provider.EnsureLeadStatusSchemaAsync());

        // Assert
        Assert.That(error!.Message, Does.StartWith("The PostgreSQL mapping does not match database '").And.EndWith(" " + expected));
    }

    [TestCaseSource(nameof(Misconfigurations))]
    public async Task Host_start_up_fails_naming_the_option_and_what_the_database_has(Action<PostgresMappingOptions> misconfigure, string expected)
    {
        // Arrange
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLeadStatusUpdates(o =>
        {
            o.Postgres.Schema = "mapping_host";
            o.Notifications.DispatcherEnabled = false;
            misconfigure(o.Postgres);
        }).UsePostgres(_database.ConnectionString);
        using var host = builder.Build();

        // Act
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        // Assert
        Assert.That(error!.Message, Does.Contain(expected).And.EndWith("or set LeadStatusOptions.Postgres.VerifyOnStart = false to skip the check.)"));
    }

    [Test]
    public async Task The_start_up_check_can_be_turned_off()
    {
        // Arrange
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLeadStatusUpdates(o =>
        {
            o.Postgres.LeadsTable = "crm.Contacts";
            o.Postgres.VerifyOnStart = false;
            o.Notifications.DispatcherEnabled = false;
        }).UsePostgres(_database.ConnectionString);
        using var host = builder.Build();

        // Act & Assert
        await host.StartAsync();
        await host.StopAsync();
    }

    [Test]
    public async Task An_unreachable_database_at_start_up_is_logged_and_does_not_stop_the_host()
    {
        // Arrange: nothing listens on port 1.
        var logs = new Support.CollectingLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.AddProvider(logs);
        builder.Services.AddLeadStatusUpdates(o => o.Notifications.DispatcherEnabled = false)
            .UsePostgres("Host=127.0.0.1;Port=1;Username=nobody;Timeout=2;Pooling=false");
        using var host = builder.Build();

        // Act
        await host.StartAsync();
        await host.StopAsync();

        // Assert
        Assert.That(logs.Entries.Count(e => e.EventId.Id == 3102 && e.Level == LogLevel.Warning), Is.EqualTo(1));
    }

    [Test]
    public async Task A_correct_mapping_in_another_schema_passes_and_so_does_the_default()
    {
        // Arrange
        await using var mapped = Build(p => p.LeadsTable = "crm.contacts");
        await using var defaults = Build(_ => { });

        // Act & Assert
        await mapped.EnsureLeadStatusSchemaAsync();
        await defaults.EnsureLeadStatusSchemaAsync();
    }

    [Test]
    public async Task A_host_catalog_means_the_statuses_table_is_not_required()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o =>
        {
            o.Postgres.Schema = "mapping_custom_catalog";
            o.Postgres.StatusesTable = "crm.no_such_table";
        }).UsePostgres(_database.ConnectionString).UseStatusCatalog(new InMemoryStatusCatalog());
        await using var provider = services.BuildServiceProvider();

        // Act & Assert
        await provider.EnsureLeadStatusSchemaAsync();
    }

    [Test]
    public async Task Several_problems_are_reported_together()
    {
        // Arrange
        await using var provider = Build(p =>
        {
            p.LeadIdColumn = "lead_id";
            p.HistoryTable = "history";
        });

        // Act
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => provider.EnsureLeadStatusSchemaAsync());

        // Assert
        Assert.That(error!.Message, Does.Contain("LeadStatusOptions.Postgres.LeadIdColumn 'lead_id' is not a column")
            .And.Contain("LeadStatusOptions.Postgres.HistoryTable 'history' does not exist"));
    }

    private ServiceProvider Build(Action<PostgresMappingOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o =>
        {
            o.Postgres.Schema = "mapping_ensure";
            configure(o.Postgres);
        }).UsePostgres(_database.ConnectionString);
        return services.BuildServiceProvider();
    }
}
