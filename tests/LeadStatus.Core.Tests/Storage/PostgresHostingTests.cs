using LeadStatus.Notifications;
using LeadStatus.Storage;
using LeadStatus.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>The PostgreSQL registration, the schema migrator and the whole pipeline through the DI-built service.</summary>
[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresHostingTests
{
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("hosting");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task WhatsApp_summary_with_a_Hebrew_tag_applies_through_the_service_and_writes_history()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(options => options.Postgres.Schema = "e2e").UsePostgres(_database.ConnectionString);
        await using var provider = services.BuildServiceProvider();
        await provider.EnsureLeadStatusSchemaAsync();
        await ExecuteAsync(
            """
            INSERT INTO lead_statuses (business_id, status_id, label, aliases) VALUES
                (42, 'new', 'חדש', NULL), (42, 'interested', 'מעוניין', ARRAY['חם']), (42, 'lost', 'לא מעוניין', NULL);
            INSERT INTO leads (business_id, id, name, status) VALUES (42, 1001, 'משה לוי', 'new');
            """);
        var service = provider.GetRequiredService<IStatusUpdateService>();
        var recommendation = new StatusRecommendation(
            42, 1001, "הלקוח שאל על המחיר וביקש הצעה.\n[המלצה: מעוניין]", StatusSources.WhatsAppSummary, "wamid.HBgM", 0.92);

        var result = await service.ApplyFromRecommendationAsync(recommendation);
        var again = await service.ApplyFromRecommendationAsync(recommendation);

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied), result.Message);
        Assert.That(result.PreviousStatusId, Is.EqualTo("new"));
        Assert.That(result.NewStatusId, Is.EqualTo("interested"));
        Assert.That(again.Outcome, Is.EqualTo(StatusUpdateOutcome.AlreadyProcessed));
        Assert.That(again.EventId, Is.EqualTo(result.EventId));
        Assert.That(await ScalarAsync("SELECT status FROM leads WHERE business_id = 42 AND id = 1001"), Is.EqualTo("interested"));
        Assert.That(await ScalarAsync("SELECT old_status || '->' || new_status FROM lead_status_history WHERE business_id = 42 AND lead_id = 1001"),
            Is.EqualTo("new->interested"));
        Assert.That(await ScalarAsync("SELECT new_status_label FROM e2e.lead_status_outbox WHERE business_id = 42"), Is.EqualTo("מעוניין"));
    }

    [Test]
    public async Task A_NUL_character_in_the_event_id_is_refused_by_validation_before_any_write()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(options => options.Postgres.Schema = "e2e_nul").UsePostgres(_database.ConnectionString);
        await using var provider = services.BuildServiceProvider();
        await provider.EnsureLeadStatusSchemaAsync();
        var service = provider.GetRequiredService<IStatusUpdateService>();

        Assert.That(
            async () => await service.ApplyFromRecommendationAsync(new StatusRecommendation(43, 1, "[המלצה: מעוניין]", StatusSources.CallSummary, "call\0-1", 0.9)),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo(nameof(StatusRecommendation.SourceEventId)));
        Assert.That(await ScalarAsync("SELECT count(*) FROM e2e_nul.lead_status_events"), Is.EqualTo(0L));
    }

    [Test]
    public async Task Control_characters_inside_a_summary_label_are_an_outcome_not_an_exception()
    {
        // Regression: a NUL or other control character inside the tag passed validation (the summary may hold anything),
        // reached the store in the label, and the PostgreSQL store threw an ArgumentException for a valid call.
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(options => options.Postgres.Schema = "e2e_ctl").UsePostgres(_database.ConnectionString);
        await using var provider = services.BuildServiceProvider();
        await provider.EnsureLeadStatusSchemaAsync();
        await ExecuteAsync(
            """
            INSERT INTO lead_statuses (business_id, status_id, label, aliases) VALUES (44, 'new', 'חדש', NULL), (44, 'interested', 'מעוניין', NULL);
            INSERT INTO leads (business_id, id, name, status) VALUES (44, 1, NULL, 'new');
            """);
        var service = provider.GetRequiredService<IStatusUpdateService>();

        var result = await service.ApplyFromRecommendationAsync(
            new StatusRecommendation(44, 1, "תמלול פגום\0. [המלצה: מע\0ו\u0001נ\u007Fיין]", StatusSources.CallSummary, "call-ctl", 0.9));

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied), result.Message);
        Assert.That(result.RecommendedLabel, Is.EqualTo("מעוניין"));
        Assert.That(await ScalarAsync("SELECT recommended_status_label FROM e2e_ctl.lead_status_events WHERE business_id = 44"), Is.EqualTo("מעוניין"));
    }

    [Test]
    public async Task Lone_surrogates_are_a_clear_argument_error_in_the_event_id_and_an_outcome_in_the_summary()
    {
        // Regression: PostgreSQL text is UTF-8 and Npgsql refuses to encode a lone UTF-16 surrogate, so invalid UTF-16
        // surfaced as an encoder exception deep in Npgsql instead of a contract error or an outcome.
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(options => options.Postgres.Schema = "e2e_utf").UsePostgres(_database.ConnectionString);
        await using var provider = services.BuildServiceProvider();
        await provider.EnsureLeadStatusSchemaAsync();
        await ExecuteAsync(
            """
            INSERT INTO lead_statuses (business_id, status_id, label, aliases) VALUES (45, 'new', 'חדש', NULL), (45, 'interested', 'מעוניין', NULL);
            INSERT INTO leads (business_id, id, name, status) VALUES (45, 1, NULL, 'new');
            """);
        var service = provider.GetRequiredService<IStatusUpdateService>();

        Assert.That(
            async () => await service.ApplyFromRecommendationAsync(new StatusRecommendation(45, 1, "[המלצה: מעוניין]", StatusSources.CallSummary, "call-\uD800", 0.9)),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo(nameof(StatusRecommendation.SourceEventId)));
        var result = await service.ApplyFromRecommendationAsync(
            new StatusRecommendation(45, 1, "\uDC00 תמלול [המלצה: מע\uD800וניין\uDFFF]", StatusSources.CallSummary, "call-utf", 0.9));

        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied), result.Message);
        Assert.That(await ScalarAsync("SELECT count(*) FROM e2e_utf.lead_status_events WHERE business_id = 45"), Is.EqualTo(1L));
    }

    [Test]
    public async Task Schema_created_twice_and_from_four_hosts_at_once_is_one_correct_schema()
    {
        var providers = Enumerable.Range(0, 4).Select(_ =>
        {
            var services = new ServiceCollection();
            services.AddLeadStatusUpdates(options => options.Postgres.Schema = "Race Schema".Replace(' ', '_')).UsePostgres(_database.ConnectionString);
            return services.BuildServiceProvider();
        }).ToList();
        try
        {
            await Task.WhenAll(providers.Select(p => Task.Run(() => p.EnsureLeadStatusSchemaAsync())));
            await providers[0].EnsureLeadStatusSchemaAsync();
            await providers[1].EnsureLeadStatusSchemaAsync();
        }
        finally
        {
            foreach (var provider in providers)
            {
                await provider.DisposeAsync();
            }
        }

        Assert.That(await ScalarAsync(
            """
            SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class AS c
            WHERE c.relnamespace = '"Race_Schema"'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            """),
            Is.EqualTo("lead_status_events,lead_status_outbox,lead_status_outbox_deliveries,lead_status_rules,lead_status_schema_migrations"));
        Assert.That(await ScalarAsync("SELECT string_agg(version::text, ',' ORDER BY version) FROM \"Race_Schema\".lead_status_schema_migrations"),
            Is.EqualTo(string.Join(',', PostgresSchemaMigrator.Scripts.Select(s => s.Version))));
        Assert.That(PostgresSchemaMigrator.Scripts.Select(s => s.Name), Does.Contain("LeadStatus.Sql.001_initial.sql").And.Contain("LeadStatus.Sql.003_notifications.sql"));
    }

    [Test]
    public void Ensure_schema_without_the_PostgreSQL_store_throws_a_clear_error()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseInMemoryStore();
        using var provider = services.BuildServiceProvider();

        Assert.That(async () => await provider.EnsureLeadStatusSchemaAsync(),
            Throws.InvalidOperationException.With.Message.Contains("UsePostgres"));
    }

    [TestCase("")]
    [TestCase("   ")]
    public void UsePostgres_with_a_blank_connection_string_throws_naming_the_parameter(string connectionString)
    {
        var builder = new ServiceCollection().AddLeadStatusUpdates();

        Assert.That(() => builder.UsePostgres(connectionString),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("connectionString"));
    }

    [Test]
    public void UsePostgres_with_a_null_data_source_throws_naming_the_parameter()
    {
        var builder = new ServiceCollection().AddLeadStatusUpdates();

        Assert.That(() => builder.UsePostgres((NpgsqlDataSource)null!),
            Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("dataSource"));
    }

    [Test]
    public async Task UsePostgres_registers_the_store_the_outbox_and_the_default_catalog_and_leaves_a_host_data_source_open()
    {
        await using var hostSource = NpgsqlDataSource.Create(_database.ConnectionString);
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UsePostgres(hostSource);
        var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<ILeadStatusStore>(), Is.InstanceOf<PostgresLeadStatusStore>());
        Assert.That(provider.GetRequiredService<INotificationOutbox>(), Is.InstanceOf<PostgresNotificationOutbox>());
        Assert.That(provider.GetRequiredService<IStatusCatalog>(), Is.InstanceOf<PostgresStatusCatalog>());
        await provider.DisposeAsync();

        await using var command = hostSource.CreateCommand("SELECT 1");
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(1), "the host's data source is still usable");
    }

    [Test]
    public void A_catalog_the_host_chose_is_kept_by_UsePostgres()
    {
        var catalog = new InMemoryStatusCatalog();
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseStatusCatalog(catalog).UsePostgres("Host=localhost");
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IStatusCatalog>(), Is.SameAs(catalog));
    }

    [Test]
    public async Task Postgres_catalog_reads_the_business_statuses_with_aliases_in_order()
    {
        await ExecuteAsync(
            """
            INSERT INTO lead_statuses (business_id, status_id, label, aliases) VALUES
                (77, 'won', 'נסגר', ARRAY['עסקה', 'won deal']), (77, 'new', 'חדש', NULL), (78, 'other', 'אחר', NULL)
            ON CONFLICT DO NOTHING;
            """);
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UsePostgres(_database.ConnectionString).UsePostgresStatusCatalog();
        await using var provider = services.BuildServiceProvider();

        var statuses = await provider.GetRequiredService<IStatusCatalog>().GetStatusesAsync(77);

        Assert.That(statuses.Select(s => s.StatusId), Is.EqualTo(new[] { "new", "won" }));
        Assert.That(statuses[0].Aliases, Is.Null);
        Assert.That(statuses[1].Aliases, Is.EqualTo(new[] { "עסקה", "won deal" }));
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
