using LeadStatus.Notifications;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LeadStatus.Storage.Postgres;

/// <summary>The PostgreSQL <see cref="INotificationAdmin"/> over <c>lead_status_outbox</c> and its per-notifier states.</summary>
internal sealed class PostgresNotificationAdmin : INotificationAdmin
{
    private const string Columns =
        "id, notification_id, event_id, business_id, lead_id, lead_name, previous_status_id, new_status_id, new_status_label, " +
        "source, confidence, changed_at, kind, state, attempts, last_error, delivered_at";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly string _countSql;
    private readonly string _deadSql;
    private readonly string _requeueSql;
    private readonly string _purgeSql;

    public PostgresNotificationAdmin(LeadStatusDataSource dataSource, IOptions<LeadStatusOptions> options, TimeProvider time)
    {
        _dataSource = dataSource.DataSource;
        _time = time;
        var schema = PgIdentifier.Quote(options.Value.Postgres.Schema, "LeadStatusOptions.Postgres.Schema");
        var table = schema + ".lead_status_outbox";
        var deliveries = schema + ".lead_status_outbox_deliveries";
        _countSql = $"""
            SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'delivered'),
                   count(*) FILTER (WHERE state = 'dead'), min(created_at) FILTER (WHERE state = 'pending')
            FROM {table} WHERE $1::bigint IS NULL OR business_id = $1
            """;
        _deadSql = $"SELECT {Columns} FROM {table} WHERE business_id = $1 AND state = 'dead' ORDER BY id DESC LIMIT $2";

        // $1 business, $2 one id or null for all, $3 now.
        _requeueSql = $"""
            WITH requeued AS (
                UPDATE {table}
                SET state = 'pending', attempts = 0, claims = 0, next_attempt_at = $3, locked_by = NULL, locked_until = NULL
                WHERE business_id = $1 AND state = 'dead' AND ($2::bigint IS NULL OR id = $2)
                RETURNING business_id, id
            ),
            notifiers AS (
                UPDATE {deliveries} AS d SET state = 'pending', attempts = 0, next_attempt_at = $3
                FROM requeued AS r
                WHERE d.business_id = r.business_id AND d.outbox_id = r.id AND d.state = 'dead'
            )
            SELECT count(*)::int FROM requeued
            """;
        _purgeSql = $"DELETE FROM {table} WHERE business_id = $1 AND state = 'dead'";
    }

    /// <inheritdoc />
    public async Task<NotificationCounts> GetCountsAsync(long? businessId = null, CancellationToken cancellationToken = default)
    {
        AdminArguments.Check(businessId);
        var command = _dataSource.CreateCommand(_countSql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = businessId is { } b ? b : DBNull.Value });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        TimeSpan? age = reader.IsDBNull(3) ? null : _time.GetUtcNow() - reader.GetFieldValue<DateTimeOffset>(3);
        return new NotificationCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), age);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxEntry>> GetDeadAsync(long businessId, int limit = 100, CancellationToken cancellationToken = default)
    {
        AdminArguments.Check(businessId, limit: limit);
        var command = _dataSource.CreateCommand(_deadSql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = businessId });
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = limit });
        var rows = new List<OutboxEntry>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var message = new OutboxMessage(
                reader.GetInt64(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7),
                reader.GetString(8), reader.GetString(9), reader.GetDouble(10), reader.GetFieldValue<DateTimeOffset>(11))
            {
                Kind = NotificationKindNames.Parse(reader.GetString(12)),
            };
            rows.Add(new OutboxEntry(
                message.Id, message.ToNotification(), PostgresNotificationOutbox.ParseState(reader.GetString(13)), reader.GetInt32(14),
                reader.IsDBNull(15) ? null : reader.GetString(15), reader.IsDBNull(16) ? null : reader.GetFieldValue<DateTimeOffset>(16)));
        }

        return rows;
    }

    /// <inheritdoc />
    public async Task<bool> RequeueAsync(long businessId, long id, CancellationToken cancellationToken = default)
    {
        AdminArguments.Check(businessId, id);
        return await RequeueCoreAsync(businessId, id, cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public Task<int> RequeueAllAsync(long businessId, CancellationToken cancellationToken = default)
    {
        AdminArguments.Check(businessId);
        return RequeueCoreAsync(businessId, null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> PurgeDeadAsync(long businessId, CancellationToken cancellationToken = default)
    {
        AdminArguments.Check(businessId);
        var command = _dataSource.CreateCommand(_purgeSql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = businessId });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> RequeueCoreAsync(long businessId, long? id, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand(_requeueSql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = businessId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = id is { } one ? one : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = _time.GetUtcNow().ToUniversalTime() });
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
