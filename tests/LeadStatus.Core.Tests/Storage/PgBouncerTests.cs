using LeadStatus.Storage.Postgres;
using LeadStatus.Tests.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>
/// The service (single calls and batches), the review actions and the dispatcher through PgBouncer 1.18 in transaction-pooling
/// mode, which does not carry prepared statements or <c>LISTEN</c> across transactions: the host sets <c>Max Auto Prepare=0</c>,
/// <c>No Reset On Close=true</c> and <see cref="NotificationOptions.ListenForWakeUps"/> off (README, "Behind a connection pooler").
/// </summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PgBouncerTests
{
    private const long Business = 77;
    private PgBouncer _bouncer = null!;
    private NpgsqlDataSource _direct = null!;
    private string _throughBouncer = null!;

    [OneTimeSetUp]
    public async Task StartPgBouncer()
    {
        if (PgBouncer.Binary is null)
        {
            Assert.Ignore("pgbouncer is not installed (apt-get install -y pgbouncer; .ci/run installs it).");
        }

        var database = await PostgresServer.CreateDatabaseAsync("bouncer");
        _direct = NpgsqlDataSource.Create(database);
        await LeadStatusReferenceSchema.CreateAsync(_direct);
        _bouncer = await PgBouncer.StartAsync(await PostgresServer.GetAdminConnectionStringAsync(), poolSize: 3);
        _throughBouncer = _bouncer.ConnectionString(database, new NpgsqlConnectionStringBuilder(database).Database!);
    }

    [OneTimeTearDown]
    public async Task StopPgBouncer()
    {
        if (_bouncer is not null)
        {
            await _bouncer.DisposeAsync();
        }

        if (_direct is not null)
        {
            await _direct.DisposeAsync();
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task The_service_batches_review_actions_and_dispatcher_work_through_PgBouncer_in_transaction_mode()
    {
        var notifier = new RecordingNotifier();
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(options =>
            {
                options.Postgres.Schema = "bouncer";
                options.SuggestionThreshold = 0.5;
                options.Notifications.ListenForWakeUps = false;
                options.Notifications.PollInterval = TimeSpan.FromMilliseconds(100);
            })
            .UsePostgres(_throughBouncer)
            .AddNotifier(notifier);
        await using var provider = services.BuildServiceProvider();
        await provider.EnsureLeadStatusSchemaAsync();
        await using (var seed = _direct.CreateCommand(
            """
            INSERT INTO lead_statuses (business_id, status_id, label, aliases) VALUES
                (77, 'new', 'חדש', NULL), (77, 'interested', 'מעוניין', NULL), (77, 'won', 'נסגרה עסקה', ARRAY['Won']), (77, 'lost', 'אבוד', ARRAY['Lost']);
            INSERT INTO leads (business_id, id, name, status) SELECT 77, i, 'lead ' || i, 'new' FROM generate_series(1, 100) AS i;
            """))
        {
            await seed.ExecuteNonQueryAsync();
        }

        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        try
        {
            var updates = provider.GetRequiredService<IStatusUpdateService>();
            var review = provider.GetRequiredService<IStatusReviewService>();

            // Single calls, many at once over a pool of three server connections: each call is one transaction on whichever
            // server connection is free, with many repeats of the same statement text (no statement prepared to lose).
            var single = await Task.WhenAll(Enumerable.Range(1, 40).Select(i => Task.Run(() => updates.ApplyFromRecommendationAsync(
                new StatusRecommendation(Business, i, "[המלצה: מעוניין]", StatusSources.WhatsAppSummary, $"single-{i}", 0.9)))));
            var again = await updates.ApplyFromRecommendationAsync(
                new StatusRecommendation(Business, 1, "[המלצה: מעוניין]", StatusSources.WhatsAppSummary, "single-1", 0.9));

            // Batches: a chunk is one transaction, so it stays on one server connection.
            var batch = Enumerable.Range(0, 250)
                .Select(i => new StatusRecommendation(Business, 41 + i % 50, i % 2 == 0 ? "[Recommendation: Won]" : "[Recommendation: Lost]",
                    StatusSources.CallSummary, $"batch-{i}", 0.9))
                .ToList();
            var batchResults = await Task.WhenAll(
                updates.ApplyManyAsync(batch[..125], new ApplyManyOptions { ChunkSize = 50 }, CancellationToken.None),
                updates.ApplyManyAsync(batch[125..], new ApplyManyOptions { ChunkSize = 50 }, CancellationToken.None));

            // Review: a suggestion listed, accepted and reverted; another rejected.
            var suggested = await updates.ApplyFromRecommendationAsync(
                new StatusRecommendation(Business, 95, "[Recommendation: Won]", StatusSources.WhatsAppSummary, "suggest-1", 0.55));
            var rejectedSuggestion = await updates.ApplyFromRecommendationAsync(
                new StatusRecommendation(Business, 96, "[Recommendation: Lost]", StatusSources.WhatsAppSummary, "suggest-2", 0.55));
            var pending = await review.GetPendingSuggestionsAsync(Business);
            var accepted = await review.AcceptSuggestionAsync(Business, suggested.EventId!.Value, "dana");
            var rejected = await review.RejectSuggestionAsync(Business, rejectedSuggestion.EventId!.Value, "dana");
            var reverted = await review.RevertChangeAsync(Business, accepted.EventId!.Value, "dana");
            var manual = await review.RecordManualChangeAsync(new ManualStatusChange(Business, 97, "won", "dana", "crm-1"));

            Assert.That(single.Select(r => r.Outcome), Is.All.EqualTo(StatusUpdateOutcome.Applied));
            Assert.That(again.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
            Assert.That(batchResults.SelectMany(r => r).Select(r => r.Outcome),
                Is.All.AnyOf(StatusUpdateOutcome.Applied, StatusUpdateOutcome.SameStatus));
            Assert.That(suggested.Outcome, Is.EqualTo(StatusUpdateOutcome.PendingReview));
            Assert.That(pending.Select(s => s.EventId), Is.EquivalentTo(new[] { suggested.EventId, rejectedSuggestion.EventId }));
            Assert.That(accepted.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied), accepted.Message);
            Assert.That(rejected.Outcome, Is.EqualTo(StatusUpdateOutcome.SuggestionRejected), rejected.Message);
            Assert.That(reverted.Outcome, Is.EqualTo(StatusUpdateOutcome.Reverted), reverted.Message);
            Assert.That(manual.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied), manual.Message);

            // The dispatcher, polling (no LISTEN through the pooler), delivers every outbox row.
            await using var count = _direct.CreateCommand("SELECT count(*) FROM bouncer.lead_status_outbox");
            var rows = (long)(await count.ExecuteScalarAsync())!;
            Assert.That(rows, Is.GreaterThan(40));
            await Eventually.WaitUntilAsync(() => notifier.Received.Count >= rows, $"{rows} notifications delivered through PgBouncer");
            await using var pendingRows = _direct.CreateCommand("SELECT count(*) FROM bouncer.lead_status_outbox WHERE state <> 'delivered'");
            await Eventually.WaitUntilAsync(async () => (long)(await pendingRows.ExecuteScalarAsync())! == 0, "every outbox row marked delivered");
            Assert.That(await _bouncer.ReadLogAsync(), Does.Contain("login attempt: db=" + new NpgsqlConnectionStringBuilder(_throughBouncer).Database),
                "the calls went through PgBouncer");
        }
        finally
        {
            foreach (var service in hosted)
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }
}
