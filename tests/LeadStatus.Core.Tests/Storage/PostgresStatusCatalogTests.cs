using LeadStatus.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadStatus.Tests.Storage;

/// <summary>Rows of the host's <c>lead_statuses</c> table that a person got wrong, read through the real PostgreSQL catalog.</summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresStatusCatalogTests
{
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("catalog");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task Bad_rows_in_the_statuses_table_are_left_out_with_one_warning_and_the_business_keeps_working()
    {
        // Regression (issue 15, finding 2): one blank label made every tagged call of the business throw ArgumentException.
        var logs = new CollectingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddLeadStatusUpdates(options => options.Postgres.Schema = "catalog_rows").UsePostgres(_database.ConnectionString);
        await using var provider = services.BuildServiceProvider();
        await provider.EnsureLeadStatusSchemaAsync();
        await using (var seed = _database.DataSource.CreateCommand(
            $"""
            INSERT INTO lead_statuses (business_id, status_id, label, aliases) VALUES
                (61, 'new', 'חדש', NULL), (61, 'interested', 'מעוניין', ARRAY['Interested', E'Keen\x01']),
                (61, 'blank', '  ', NULL), (61, 'bell', E'צלצול\x07', NULL), (61, '{new string('x', 129)}', 'ארוך', NULL);
            INSERT INTO leads (business_id, id, name, status) VALUES (61, 1, NULL, 'new');
            """))
        {
            await seed.ExecuteNonQueryAsync();
        }

        var service = provider.GetRequiredService<IStatusUpdateService>();

        var applied = await service.ApplyFromRecommendationAsync(new StatusRecommendation(61, 1, "[המלצה: Interested]", StatusSources.CallSummary, "c1", 0.9));
        var leftOut = await service.ApplyFromRecommendationAsync(new StatusRecommendation(61, 1, "[המלצה: ארוך]", StatusSources.CallSummary, "c2", 0.9));

        Assert.That(applied.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied), applied.Message);
        Assert.That(leftOut.Outcome, Is.EqualTo(StatusUpdateOutcome.UnknownLabel), leftOut.Message);
        var warnings = logs.Entries.Where(e => e.EventId.Id == 3101).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0].Message, Does.Contain("business 61 (5 rows) has 4 bad rows or aliases"));
    }
}
