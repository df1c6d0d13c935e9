using LeadStatus.Internal;
using LeadStatus.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// The PostgreSQL <see cref="INotificationOutbox"/> over <c>lead_status_outbox</c>: leases with
/// <c>FOR UPDATE SKIP LOCKED</c>, acknowledgements guarded by the lease, batched purge, and a wake-up through
/// <c>LISTEN</c> on a dedicated connection kept open across calls.
/// </summary>
/// <remarks>
/// Disposable both ways: a container disposed synchronously (<c>using var provider = ...</c>) throws for a singleton that only
/// implements <see cref="IAsyncDisposable"/>.
/// </remarks>
internal sealed class PostgresNotificationOutbox : INotificationOutbox, IAsyncDisposable, IDisposable
{
    /// <summary>How many delivered rows one purge statement deletes at most.</summary>
    internal const int PurgeBatchSize = 1000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _listenGate = new(1, 1);
    private readonly string _claimSql;
    private readonly string _deliveredSql;
    private readonly string _failedSql;
    private readonly string _purgeSql;
    private readonly bool _listen;
    private NpgsqlConnection? _listener;
    private bool _disposed;

    /// <summary>Creates the outbox and builds its SQL once.</summary>
    public PostgresNotificationOutbox(
        LeadStatusDataSource dataSource, IOptions<LeadStatusOptions> options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource.DataSource;
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.Category);
        _listen = options.Value.Notifications.ListenForWakeUps;
        var table = PgIdentifier.Quote(options.Value.Postgres.Schema, "LeadStatusOptions.Postgres.Schema") + ".lead_status_outbox";

        _claimSql = $"""
            UPDATE {table} AS o
            SET locked_by = @d, locked_until = @until, attempts = o.attempts + 1
            WHERE (o.business_id, o.id) IN (
                SELECT c.business_id, c.id
                FROM {table} AS c
                WHERE c.state = 'pending' AND c.next_attempt_at <= @now AND (c.locked_until IS NULL OR c.locked_until <= @now)
                ORDER BY c.next_attempt_at, c.id
                LIMIT @n
                FOR UPDATE SKIP LOCKED)
            RETURNING o.id, o.notification_id, o.event_id, o.business_id, o.lead_id, o.lead_name, o.previous_status_id,
                      o.new_status_id, o.new_status_label, o.source, o.confidence, o.changed_at, o.attempts
            """;
        _deliveredSql = $"""
            UPDATE {table}
            SET state = 'delivered', delivered_at = @now, locked_by = NULL, locked_until = NULL
            WHERE business_id = @b AND id = @id AND locked_by = @d AND state = 'pending'
            """;
        _failedSql = $"""
            UPDATE {table}
            SET last_error = @error, locked_by = NULL, locked_until = NULL,
                next_attempt_at = coalesce(@retry_at, next_attempt_at),
                state = CASE WHEN @retry_at IS NULL THEN 'dead' ELSE 'pending' END
            WHERE business_id = @b AND id = @id AND locked_by = @d AND state = 'pending'
            """;
        _purgeSql = $"""
            DELETE FROM {table}
            WHERE (business_id, id) IN (
                SELECT business_id, id FROM {table}
                WHERE state = 'delivered' AND delivered_at < @before
                LIMIT {PurgeBatchSize})
            """;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(
        Guid dispatcherId, int batchSize, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var command = _dataSource.CreateCommand(_claimSql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid>("d", NpgsqlDbType.Uuid) { TypedValue = dispatcherId });
        command.Parameters.Add(Timestamp("until", leaseUntil));
        command.Parameters.Add(Timestamp("now", now));
        command.Parameters.Add(new NpgsqlParameter<int>("n", NpgsqlDbType.Integer) { TypedValue = batchSize });

        var claimed = new List<OutboxMessage>(batchSize);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add(new OutboxMessage(
                reader.GetInt64(0),
                reader.GetGuid(1),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                reader.GetString(9),
                reader.GetDouble(10),
                reader.GetFieldValue<DateTimeOffset>(11),
                reader.GetInt32(12)));
        }

        // UPDATE ... RETURNING has no order; hand rows back oldest first, as the in-memory outbox does.
        claimed.Sort(static (x, y) => x.Id.CompareTo(y.Id));
        return claimed;
    }

    /// <inheritdoc />
    public async Task<bool> MarkDeliveredAsync(long businessId, long id, Guid dispatcherId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand(_deliveredSql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(Timestamp("now", now));
        AddKey(command, businessId, id, dispatcherId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> MarkFailedAsync(
        long businessId, long id, Guid dispatcherId, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        var command = _dataSource.CreateCommand(_failedSql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<string>("error", NpgsqlDbType.Text) { TypedValue = error.Replace("\0", string.Empty, StringComparison.Ordinal) });
        command.Parameters.Add(new NpgsqlParameter("retry_at", NpgsqlDbType.TimestampTz) { Value = retryAt is { } at ? at.ToUniversalTime() : DBNull.Value });
        AddKey(command, businessId, id, dispatcherId);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<int> PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            var command = _dataSource.CreateCommand(_purgeSql);
            await using var commandScope = command.ConfigureAwait(false);
            command.Parameters.Add(Timestamp("before", deliveredBefore));
            deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == PurgeBatchSize);

        return total;
    }

    /// <inheritdoc />
    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_listen)
        {
            // Polling only (NotificationOptions.ListenForWakeUps off, e.g. behind a pooler in transaction mode).
            await Task.Delay(timeout, _time, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _listenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            NpgsqlConnection listener;
            try
            {
                listener = await GetListenerAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                // The database is unreachable: wait out the poll interval rather than spin; the caller polls anyway.
                Log.ListenConnectionFailed(_logger, PostgresLeadStatusStore.OutboxChannel, ex);
                await Task.Delay(timeout, _time, cancellationToken).ConfigureAwait(false);
                return;
            }

            try
            {
                // Notifications that arrived since the last call are buffered on the connection and end the wait at once.
                await listener.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // A cancelled wait may leave the connection mid-protocol: start over with a fresh one next time.
                await DropListenerAsync().ConfigureAwait(false);
                throw;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                Log.ListenConnectionFailed(_logger, PostgresLeadStatusStore.OutboxChannel, ex);
                await DropListenerAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _listenGate.Release();
        }
    }

    /// <summary>Closes the wake-up connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _listenGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            await DropListenerAsync().ConfigureAwait(false);
        }
        finally
        {
            _listenGate.Release();
        }
    }

    /// <summary>Closes the wake-up connection, for a container disposed synchronously.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _listenGate.Wait();
        try
        {
            _disposed = true;
            if (_listener is { } listener)
            {
                _listener = null;
                try
                {
                    listener.Dispose();
                }
                catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
                {
                    Log.ListenConnectionFailed(_logger, PostgresLeadStatusStore.OutboxChannel, ex);
                }
            }
        }
        finally
        {
            _listenGate.Release();
        }
    }

    private async Task<NpgsqlConnection> GetListenerAsync(CancellationToken cancellationToken)
    {
        if (_listener is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }

        await DropListenerAsync().ConfigureAwait(false);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var listen = new NpgsqlCommand($"LISTEN {PostgresLeadStatusStore.OutboxChannel}", connection);
            await using var listenScope = listen.ConfigureAwait(false);
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _listener = connection;
        return connection;
    }

    private async ValueTask DropListenerAsync()
    {
        if (_listener is { } listener)
        {
            _listener = null;
            try
            {
                try
                {
                    if (listener.State == System.Data.ConnectionState.Open)
                    {
                        // The pool may not reset connections (No Reset On Close): stop listening before it goes back.
                        var unlisten = new NpgsqlCommand("UNLISTEN *", listener);
                        await using var unlistenScope = unlisten.ConfigureAwait(false);
                        await unlisten.ExecuteNonQueryAsync().ConfigureAwait(false);
                    }
                }
                finally
                {
                    await listener.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                Log.ListenConnectionFailed(_logger, PostgresLeadStatusStore.OutboxChannel, ex);
            }
        }
    }

    private static NpgsqlParameter<DateTimeOffset> Timestamp(string name, DateTimeOffset value) =>
        new(name, NpgsqlDbType.TimestampTz) { TypedValue = value.ToUniversalTime() };

    private static void AddKey(NpgsqlCommand command, long businessId, long id, Guid dispatcherId)
    {
        command.Parameters.Add(new NpgsqlParameter<long>("b", NpgsqlDbType.Bigint) { TypedValue = businessId });
        command.Parameters.Add(new NpgsqlParameter<long>("id", NpgsqlDbType.Bigint) { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<Guid>("d", NpgsqlDbType.Uuid) { TypedValue = dispatcherId });
    }
}
