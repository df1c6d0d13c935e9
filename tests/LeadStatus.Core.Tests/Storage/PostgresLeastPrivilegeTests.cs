using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>
/// The least-privilege setup the README documents: a migration role creates and upgrades the schema; the application role holds
/// data rights only (issue 14, item 5: EnsureLeadStatusSchemaAsync needed DDL rights even when the schema was current).
/// </summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresLeastPrivilegeTests
{
    private const string Schema = "least_privilege";
    private static int _roles;

    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("privilege");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task An_application_role_with_data_rights_only_ensures_a_current_schema_and_applies()
    {
        // Arrange: the migration role (the test's superuser) creates the schema; the application role gets exactly the README's grants.
        await using (var migration = Build(_database.ConnectionString))
        {
            await migration.EnsureLeadStatusSchemaAsync();
        }

        var role = $"ls_app_{Environment.ProcessId}_{Interlocked.Increment(ref _roles)}";
        await ExecuteAsync(
            $"""
            CREATE ROLE {role} LOGIN;
            GRANT CONNECT ON DATABASE "{new NpgsqlConnectionStringBuilder(_database.ConnectionString).Database}" TO {role};
            GRANT USAGE ON SCHEMA {Schema}, public TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {Schema} TO {role};
            {(PostgresServer.Partitions > 0 ? $"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {Schema} TO {role};" : "")}
            GRANT SELECT, UPDATE ON public.leads TO {role};
            GRANT INSERT ON public.lead_status_history TO {role};
            GRANT SELECT ON public.lead_statuses TO {role};
            INSERT INTO lead_statuses (business_id, status_id, label, aliases) VALUES (71, 'new', 'חדש', NULL), (71, 'interested', 'מעוניין', NULL);
            INSERT INTO leads (business_id, id, name, status) VALUES (71, 1, NULL, 'new');
            """);
        try
        {
            var application = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Username = role, Password = null }.ConnectionString;
            await using var provider = Build(application);

            // Act
            await provider.EnsureLeadStatusSchemaAsync();
            var result = await provider.GetRequiredService<IStatusUpdateService>()
                .ApplyFromRecommendationAsync(new StatusRecommendation(71, 1, "[המלצה: מעוניין]", StatusSources.CallSummary, "call-1", 0.9));

            // Assert
            Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied), result.Message);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP OWNED BY {role}; DROP ROLE {role};");
        }
    }

    [Test]
    public async Task Without_data_rights_the_mapping_check_names_the_missing_privilege()
    {
        // Arrange
        await using (var migration = Build(_database.ConnectionString))
        {
            await migration.EnsureLeadStatusSchemaAsync();
        }

        var role = $"ls_ro_{Environment.ProcessId}_{Interlocked.Increment(ref _roles)}";
        await ExecuteAsync(
            $"""
            CREATE ROLE {role} LOGIN;
            GRANT USAGE ON SCHEMA {Schema}, public TO {role};
            GRANT SELECT ON ALL TABLES IN SCHEMA {Schema}, public TO {role};
            """);
        try
        {
            var readOnly = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Username = role, Password = null }.ConnectionString;
            await using var provider = Build(readOnly);

            // Act
            var error = Assert.ThrowsAsync<InvalidOperationException>(() => provider.EnsureLeadStatusSchemaAsync());

            // Assert
            Assert.That(error!.Message, Does.Contain($"The role '{role}' lacks UPDATE on LeadStatusOptions.Postgres.LeadsTable 'leads'.")
                .And.Contain($"The role '{role}' lacks INSERT on LeadStatusOptions.Postgres.HistoryTable 'lead_status_history'."));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP OWNED BY {role}; DROP ROLE {role};");
        }
    }

    private static ServiceProvider Build(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o => o.Postgres.Schema = Schema).UsePostgres(connectionString);
        return services.BuildServiceProvider();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _database.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
