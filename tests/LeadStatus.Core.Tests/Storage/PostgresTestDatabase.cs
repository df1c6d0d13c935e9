using LeadStatus.Notifications;
using LeadStatus.Storage;
using LeadStatus.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>A fresh database with the reference host schema in <c>public</c>; library tables go in a schema per harness.</summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    private static int _schemas;

    private PostgresTestDatabase(string connectionString, NpgsqlDataSource dataSource)
    {
        ConnectionString = connectionString;
        DataSource = dataSource;
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<PostgresTestDatabase> CreateAsync(string purpose)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync(purpose);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await LeadStatusReferenceSchema.CreateAsync(dataSource);
        return new PostgresTestDatabase(connectionString, dataSource);
    }

    /// <summary>Creates the library tables in a new schema and returns a store and an outbox over them.</summary>
    /// <param name="partitions">The tables' hash partitions; by default the run's (<see cref="PostgresServer.Partitions"/>).</param>
    public async Task<PostgresHarness> CreateHarnessAsync(int? partitions = null)
    {
        var options = new LeadStatusOptions();
        options.Postgres.Schema = "t" + Interlocked.Increment(ref _schemas);
        options.Postgres.EventPartitions = partitions ?? options.Postgres.EventPartitions;
        await PostgresSchemaMigrator.MigrateAsync(DataSource, options.Postgres, NullLogger.Instance, CancellationToken.None);
        var wrapped = new LeadStatusDataSource(DataSource, owned: false);
        var store = new PostgresLeadStatusStore(wrapped, Options.Create(options));
        var outbox = new PostgresNotificationOutbox(wrapped, Options.Create(options), TimeProvider.System);
        return new PostgresHarness(DataSource, options.Postgres.Schema, store, outbox);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

internal sealed class PostgresHarness(NpgsqlDataSource dataSource, string schema, PostgresLeadStatusStore store, PostgresNotificationOutbox outbox)
    : IStoreHarness
{
    public ILeadStatusStore Store => store;

    public INotificationOutbox Outbox => outbox;

    public PostgresLeadStatusStore PostgresStore => store;

    public string Schema => schema;

    public NpgsqlDataSource DataSource => dataSource;

    public async Task SeedLeadAsync(long businessId, long leadId, string? name, string statusId)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO leads (business_id, id, name, status) VALUES ($1, $2, $3, $4) ON CONFLICT (business_id, id) DO UPDATE SET name = excluded.name, status = excluded.status");
        command.Parameters.Add(new NpgsqlParameter { Value = businessId });
        command.Parameters.Add(new NpgsqlParameter { Value = leadId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)name ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = statusId });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<string?> GetLeadStatusAsync(long businessId, long leadId)
    {
        await using var command = dataSource.CreateCommand("SELECT status FROM leads WHERE business_id = $1 AND id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = businessId });
        command.Parameters.Add(new NpgsqlParameter { Value = leadId });
        return await command.ExecuteScalarAsync() as string;
    }

    public async Task<IReadOnlyList<LeadStatusEventRecord>> GetEventsAsync(long businessId)
    {
        var rows = new List<LeadStatusEventRecord>();
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {EventRows.Columns}
            FROM "{schema}".lead_status_events AS e WHERE e.business_id = $1 ORDER BY e.id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = businessId });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(EventRows.Read(reader));
        }

        return rows;
    }

    public async Task<IReadOnlyList<LeadStatusHistoryRecord>> GetHistoryAsync(long businessId)
    {
        var rows = new List<LeadStatusHistoryRecord>();
        await using var command = dataSource.CreateCommand(
            "SELECT business_id, lead_id, old_status, new_status, source, confidence, reason, created_at FROM lead_status_history WHERE business_id = $1 ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter { Value = businessId });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new LeadStatusHistoryRecord(
                reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetDouble(5), reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<OutboxEntry>> GetOutboxAsync(long businessId)
    {
        await using var command = dataSource.CreateCommand(
            $"""SELECT {OutboxRows.Columns} FROM "{schema}".lead_status_outbox WHERE business_id = $1 ORDER BY id""");
        command.Parameters.Add(new NpgsqlParameter { Value = businessId });
        return await OutboxRows.ReadAsync(command);
    }

    public ValueTask DisposeAsync() => outbox.DisposeAsync();
}

/// <summary>Reads <c>lead_status_outbox</c> rows as <see cref="OutboxEntry"/>s, for the tests that inspect the outbox.</summary>
internal static class OutboxRows
{
    public const string Columns =
        "id, notification_id, event_id, business_id, lead_id, lead_name, previous_status_id, new_status_id, new_status_label, " +
        "source, confidence, changed_at, state, attempts, last_error, delivered_at, kind";

    public static async Task<IReadOnlyList<OutboxEntry>> ReadAsync(NpgsqlCommand command)
    {
        var rows = new List<OutboxEntry>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var notification = new StatusChangeNotification(
                reader.GetGuid(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), null, reader.GetString(7),
                reader.GetString(8), reader.GetString(9), reader.GetDouble(10), reader.GetFieldValue<DateTimeOffset>(11), string.Empty, string.Empty)
            {
                Kind = LeadStatus.Notifications.NotificationKindNames.Parse(reader.GetString(16)),
            };
            rows.Add(new OutboxEntry(
                reader.GetInt64(0), notification, Enum.Parse<OutboxState>(reader.GetString(12), ignoreCase: true), reader.GetInt32(13),
                reader.IsDBNull(14) ? null : reader.GetString(14), reader.IsDBNull(15) ? null : reader.GetFieldValue<DateTimeOffset>(15)));
        }

        return rows;
    }
}
