using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadStatus.Sample;

/// <summary>
/// A real PostgreSQL: <c>--postgres "&lt;connection string&gt;"</c>. With <c>--seed</c> it creates the library schema and the
/// reference host tables and resets the two sample businesses (their leads, statuses, events, history and outbox rows);
/// without it, it expects them to exist, and a second run shows every scenario as <c>AlreadyProcessed</c>.
/// </summary>
internal sealed class PostgresBackend(NpgsqlDataSource dataSource, bool seed) : ISampleBackend
{
    public string Name => seed ? "PostgreSQL, freshly seeded" : "PostgreSQL";

    public async Task SeedAsync(IServiceProvider services, IReadOnlyList<SampleData.Business> businesses, CancellationToken cancellationToken)
    {
        if (seed)
        {
            // The host tables first: EnsureLeadStatusSchemaAsync verifies the mapped host tables exist.
            await LeadStatusReferenceSchema.CreateAsync(dataSource, cancellationToken);
        }

        await services.EnsureLeadStatusSchemaAsync(cancellationToken);
        if (!seed)
        {
            return;
        }

        var ids = businesses.Select(b => b.Id).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var table in new[] { "lead_status_outbox", "lead_status_events", "lead_status_history", "leads", "lead_statuses" })
        {
            await using var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE business_id = ANY(@ids)", connection, transaction);
            delete.Parameters.AddWithValue("ids", ids);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var business in businesses)
        {
            foreach (var status in business.Statuses)
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO lead_statuses (business_id, status_id, label, aliases) VALUES (@b, @id, @label, @aliases)", connection, transaction);
                insert.Parameters.AddWithValue("b", business.Id);
                insert.Parameters.AddWithValue("id", status.StatusId);
                insert.Parameters.AddWithValue("label", status.Label);
                insert.Parameters.AddWithValue("aliases", (status.Aliases ?? []).ToArray());
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var lead in business.Leads)
            {
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO leads (id, business_id, name, status) VALUES (@id, @b, @name, @status)", connection, transaction);
                insert.Parameters.AddWithValue("id", lead.Id);
                insert.Parameters.AddWithValue("b", business.Id);
                insert.Parameters.AddWithValue("name", lead.Name);
                insert.Parameters.AddWithValue("status", lead.Status);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<string?> GetLeadStatusAsync(IServiceProvider services, long businessId, long leadId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT status FROM leads WHERE business_id = @b AND id = @id");
        command.Parameters.AddWithValue("b", businessId);
        command.Parameters.AddWithValue("id", leadId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<int> CountPendingNotificationsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*)::int FROM lead_status_outbox WHERE state = 'pending' AND business_id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", SampleData.Businesses.Select(b => b.Id).ToArray());
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
