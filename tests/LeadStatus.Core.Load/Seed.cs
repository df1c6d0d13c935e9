using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadStatus.Load;

/// <summary>Creates and fills the schema the harness and pgbench share.</summary>
internal static class Seed
{
    public static async Task CreateAsync(NpgsqlDataSource dataSource, int leads)
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UsePostgres(dataSource);
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.EnsureLeadStatusSchemaAsync();
        }

        await LeadStatusReferenceSchema.CreateAsync(dataSource);
        await using var command = dataSource.CreateCommand($"""
            TRUNCATE leads, lead_status_history, lead_statuses, lead_status_events, lead_status_outbox, lead_status_outbox_deliveries;
            INSERT INTO lead_statuses SELECT 1, 's' || i, 'status ' || i, NULL FROM generate_series(1, 5) i;
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

    private static async Task VacuumAsync(NpgsqlDataSource dataSource)
    {
        await using var vacuum = dataSource.CreateCommand("VACUUM ANALYZE");
        vacuum.CommandTimeout = 0;
        await vacuum.ExecuteNonQueryAsync();
    }
}
