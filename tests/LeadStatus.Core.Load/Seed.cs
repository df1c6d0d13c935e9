using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadStatus.Load;

/// <summary>Creates and fills the schema the harness and pgbench share.</summary>
internal static class Seed
{
    /// <param name="partitions">The hash partitions of the library's tables (<c>LeadStatusOptions.Postgres.EventPartitions</c>); 0: plain.</param>
    public static async Task CreateAsync(NpgsqlDataSource dataSource, int leads, int partitions)
    {
        // The host tables first: EnsureLeadStatusSchemaAsync verifies the mapped host tables exist.
        await LeadStatusReferenceSchema.CreateAsync(dataSource);
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o => o.Postgres.EventPartitions = partitions).UsePostgres(dataSource);
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.EnsureLeadStatusSchemaAsync();
        }

        await using var command = dataSource.CreateCommand($"""
            TRUNCATE leads, lead_status_history, lead_statuses, lead_status_events, lead_status_outbox, lead_status_outbox_deliveries;
            INSERT INTO lead_statuses SELECT 1, 's' || i, 'status ' || i, NULL FROM generate_series(1, 7) i;
            INSERT INTO leads SELECT i, 1, 'lead ' || i, 's1' FROM generate_series(1, {leads}) i;
            """);
        await command.ExecuteNonQueryAsync();
        await VacuumAsync(dataSource);
    }

    /// <summary>Generates events in SQL, spread over 1,000 businesses, to measure growth.</summary>
    public static async Task PrefillEventsAsync(NpgsqlDataSource dataSource, long events, int leads)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO lead_status_events (business_id, lead_id, source, source_event_id, recommended_status_label, recommended_status_id,
                confidence, outcome, reason, previous_status_id, applied, applied_at, request_fingerprint, created_at)
            SELECT 1 + i % 1000, 1 + i % {leads}, 'call_summary', 'prefill-' || i, 'status 2', 's2', 0.9, 'same_status', 'prefill', 's2', false, NULL,
                (1 + i % {leads}) || '|status 2', now() - interval '1 second' * i
            FROM generate_series(1, {events}) i;
            """);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
        await VacuumAsync(dataSource);
    }

    /// <summary>Generates outbox rows in SQL, spread over 1,000 businesses, to measure growth: 90% delivered, 10% pending (due in a day).</summary>
    public static async Task PrefillOutboxAsync(NpgsqlDataSource dataSource, long rows, int leads)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO lead_status_outbox (notification_id, event_id, business_id, lead_id, lead_name, previous_status_id, new_status_id,
                new_status_label, source, confidence, changed_at, next_attempt_at, created_at, state, attempts, delivered_at)
            SELECT gen_random_uuid(), i, 1 + i % 1000, 1 + i % {leads}, 'lead', 's1', 's2', 'status 2', 'call_summary', 0.9,
                now() - interval '1 second' * i, now() + interval '1 day', now() - interval '1 second' * i,
                CASE WHEN i % 10 = 0 THEN 'pending' ELSE 'delivered' END, CASE WHEN i % 10 = 0 THEN 0 ELSE 1 END,
                CASE WHEN i % 10 = 0 THEN NULL ELSE now() - interval '1 second' * i END
            FROM generate_series(1, {rows}) i;
            """);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
        await VacuumAsync(dataSource);
    }

    /// <summary>
    /// Generates a realistic mix of events in SQL, spread over 1,000 businesses and the last <c>events</c> seconds, for the analytics
    /// timing: 60% applied recommendations, 10% suggestions (accepted, rejected or pending), 10% manual changes (some of them
    /// corrections of an applied change), 20% same-status; confidence 0.50–0.99.
    /// </summary>
    public static async Task PrefillDecisionsAsync(NpgsqlDataSource dataSource, long events, int leads)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO lead_status_events (business_id, lead_id, source, source_event_id, recommended_status_label, recommended_status_id,
                confidence, outcome, reason, previous_status_id, applied, applied_at, request_fingerprint, created_at, kind, actor, review_state)
            SELECT 1 + i % 1000, 1 + (i / 1000) % {leads}, CASE WHEN i % 3 = 0 THEN 'whatsapp_summary' ELSE 'call_summary' END,
                   'mix-' || i, 'status ' || (1 + i % 5), 's' || (1 + i % 5), 0.5 + (i % 50) / 100.0,
                   m.outcome, 'prefill', 's1', m.outcome = 'applied', CASE WHEN m.outcome = 'applied' THEN now() - interval '1 second' * i END,
                   'mix', now() - interval '1 second' * i, m.kind, CASE WHEN m.kind = 'manual_change' THEN 'prefill' END, m.review_state
            FROM generate_series(1, {events}) i
            CROSS JOIN LATERAL (SELECT CASE WHEN i % 10 < 6 THEN 'applied' WHEN i % 10 = 6 THEN 'pending_review' WHEN i % 10 = 7 THEN 'applied' ELSE 'same_status' END AS outcome,
                                       CASE WHEN i % 10 = 7 THEN 'manual_change' ELSE 'recommendation' END AS kind,
                                       CASE WHEN i % 10 = 6 THEN (ARRAY['accepted', 'rejected', 'pending'])[1 + (i / 10) % 3] END AS review_state) AS m;
            """);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
        await VacuumAsync(dataSource);
    }

    private static async Task VacuumAsync(NpgsqlDataSource dataSource)
    {
        await using var vacuum = dataSource.CreateCommand("VACUUM ANALYZE");
        vacuum.CommandTimeout = 0;
        await vacuum.ExecuteNonQueryAsync();
    }
}
