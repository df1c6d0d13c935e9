using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>
/// Issue 14, finding 1: a 200-way retry storm on one call id grew the library's pool to Npgsql's default of 100 connections,
/// the server's default max_connections, and other clients were refused (53300). The data source <c>UsePostgres(string)</c>
/// builds is bounded by default, so the same storm against a server with max_connections = 50 is answered in full while
/// another client of the same (non-superuser) role connects.
/// </summary>
[TestFixture]
[Category(PostgresServer.Category)]
[NonParallelizable]
public sealed class ConnectionBoundTests
{
    private const int Calls = 200;

    [Test]
    public async Task A_200_way_storm_on_one_key_is_answered_in_full_and_other_clients_can_still_connect()
    {
        await using var server = await PostgresServer.StartDedicatedAsync("-c max_connections=50");
        var app = await CreateApplicationDatabaseAsync(server.ConnectionString);

        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UsePostgres(app); // no Maximum Pool Size: the library's default applies
        await using var provider = services.BuildServiceProvider();
        await SeedAsync(provider.GetLeadStatusDataSource()); // the host's tables first: Ensure verifies the mapping against them
        await provider.EnsureLeadStatusSchemaAsync();
        var service = provider.GetRequiredService<IStatusUpdateService>();
        var recommendation = new StatusRecommendation(1, 1, "[המלצה: מעוניין]", StatusSources.CallSummary, "storm-call-1", 0.9);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var storm = Enumerable.Range(0, Calls)
            .Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await service.ApplyFromRecommendationAsync(recommendation);
            }))
            .ToArray();
        start.SetResult();
        var during = await ConnectAsOtherClientAsync(app);
        var results = await Task.WhenAll(storm);
        var after = await ConnectAsOtherClientAsync(app);

        Assert.That(results.Count(r => r.Outcome == StatusUpdateOutcome.Applied), Is.EqualTo(1));
        Assert.That(results.Count(r => r.Outcome == StatusUpdateOutcome.AlreadyProcessed), Is.EqualTo(Calls - 1));
        Assert.That(results.Select(r => r.EventId).Distinct().Count(), Is.EqualTo(1));
        Assert.That(during, Is.EqualTo(1), "another client connected during the storm");
        Assert.That(after, Is.EqualTo(1), "another client connected after the storm");
        var library = new NpgsqlConnectionStringBuilder(provider.GetLeadStatusDataSource().ConnectionString);
        Assert.That(library.MaxPoolSize, Is.EqualTo(LeadStatusBuilder.DefaultMaxPoolSize));
    }

    /// <summary>An application role that is not a superuser (superusers have reserved slots) and owns its database.</summary>
    private static async Task<string> CreateApplicationDatabaseAsync(string adminConnectionString)
    {
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync();
            await using var role = new NpgsqlCommand("CREATE ROLE crm_app LOGIN", admin);
            await role.ExecuteNonQueryAsync();
            await using var database = new NpgsqlCommand("CREATE DATABASE crm OWNER crm_app TEMPLATE template0 ENCODING 'UTF8'", admin);
            await database.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Username = "crm_app", Database = "crm" }.ConnectionString;
    }

    private static async Task SeedAsync(NpgsqlDataSource dataSource)
    {
        await LeadStatusReferenceSchema.CreateAsync(dataSource);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO lead_statuses (business_id, status_id, label, aliases) VALUES (1, 'new', 'חדש', NULL), (1, 'interested', 'מעוניין', NULL);
            INSERT INTO leads (business_id, id, name, status) VALUES (1, 1, 'דנה כהן', 'new');
            """);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Opens an unpooled connection as the same role, as psql or another service would, and runs a query.</summary>
    private static async Task<int> ConnectAsOtherClientAsync(string connectionString)
    {
        var other = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "other-client" };
        await using var connection = new NpgsqlConnection(other.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
