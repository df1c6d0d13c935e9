using LeadStatus.Internal;
using LeadStatus.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// The PostgreSQL <see cref="INotificationOutbox"/> over <c>lead_status_outbox</c> and <c>lead_status_outbox_deliveries</c>:
/// fair claims with <c>FOR UPDATE SKIP LOCKED</c>, one statement per batch's results, batched purge, and a wake-up through
/// <c>LISTEN</c> on the schema's <see cref="OutboxChannel"/>, on a dedicated connection kept open across calls.
/// </summary>
/// <remarks>
/// The <c>LISTEN</c> connection is opened outside the data source's pool (the same settings and credentials, <c>Pooling=false</c>),
/// so it never holds a slot the applies need: with <c>Maximum Pool Size = 1</c> the dispatcher would otherwise starve every apply.
/// Disposable both ways, symmetrically: a container disposed synchronously (<c>using var provider = ...</c>) throws for a singleton
/// that only implements <see cref="IAsyncDisposable"/>, and both ways send <c>UNLISTEN</c> before closing.
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
    private readonly string _claimGroupSql;
    private readonly string _renewSql;
    private readonly string _completeSql;
    private readonly string _purgeSql;
    private readonly bool _listen;
    private readonly LocalWakeUps? _local;
    private readonly LocalWakeUps.Listener _localSignal = new();
    private readonly CancellationTokenSource _stop = new();
    private NpgsqlConnection? _listener;
    private Task<bool>? _listening;
    private long _lastLocalWakeUp;
    private bool _registered;
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
        var schema = options.Value.Postgres.Schema;
        Channel = OutboxChannel.For(schema);
        var quoted = PgIdentifier.Quote(schema, "LeadStatusOptions.Postgres.Schema");
        var table = quoted + ".lead_status_outbox";
        var deliveries = quoted + ".lead_status_outbox_deliveries";
        _listen = options.Value.Notifications.ListenForWakeUps;
        _local = _listen ? LocalWakeUps.For(_dataSource, Channel) : null;

        // $1 dispatcher, $2 lease until, $3 now, $4 batch size, $5 max claims. The businesses with pending rows come from a loose
        // index scan; each gives up to ceil(n / businesses) of its due, unleased rows, oldest first (ClaimOrder). The per-business
        // scan is limited by the constant $4, not by the share: a LIMIT the planner cannot see is estimated at 10% of the table,
        // and that estimate alone made PostgreSQL JIT-compile every claim (~0.75 s each with a 100,000-row backlog).
        // claimTail is the claim proper, shared by ClaimAsync and ClaimGroupAsync: picked rows are leased (or, claimed too often
        // without a result, dead as poison: $5 is the most claims) and returned with their per-notifier states.
        var claimTail = $"""
            claimed AS (
                UPDATE {table} AS o
                SET claims = o.claims + 1,
                    state = CASE WHEN o.claims >= $5 THEN 'dead' ELSE 'pending' END,
                    locked_by = CASE WHEN o.claims >= $5 THEN NULL ELSE $1 END,
                    locked_until = CASE WHEN o.claims >= $5 THEN NULL ELSE $2 END,
                    last_error = CASE WHEN o.claims >= $5
                        THEN 'Poison: claimed ' || o.claims || ' times without a recorded result (a process may have died delivering it).'
                        ELSE o.last_error END
                FROM picked AS p
                WHERE o.business_id = p.business_id AND o.id = p.id
                RETURNING o.id, o.notification_id, o.event_id, o.business_id, o.lead_id, o.lead_name, o.previous_status_id,
                          o.new_status_id, o.new_status_label, o.source, o.confidence, o.changed_at, o.kind, o.attempts,
                          o.next_attempt_at, o.claims, o.last_error, o.state
            )
            SELECT c.*, d.notifiers, d.states, d.attempts, d.next_attempts, d.errors, d.delivered
            FROM claimed AS c
            LEFT JOIN LATERAL (
                SELECT array_agg(x.notifier) AS notifiers, array_agg(x.state) AS states, array_agg(x.attempts) AS attempts,
                       array_agg(x.next_attempt_at) AS next_attempts, array_agg(x.last_error) AS errors,
                       array_agg(x.delivered_at) AS delivered
                FROM {deliveries} AS x WHERE x.business_id = c.business_id AND x.outbox_id = c.id) AS d ON c.state = 'pending'
            """;
        _claimSql = $"""
            WITH RECURSIVE businesses AS (
                (SELECT business_id FROM {table} WHERE state = 'pending' ORDER BY business_id LIMIT 1)
                UNION ALL
                SELECT (SELECT c.business_id FROM {table} AS c
                        WHERE c.state = 'pending' AND c.business_id > b.business_id ORDER BY c.business_id LIMIT 1)
                FROM businesses AS b WHERE b.business_id IS NOT NULL
            ),
            share AS (
                SELECT CASE WHEN count(*) <= 1 THEN $4 ELSE greatest(1, ($4 + count(*) - 1) / count(*))::int END AS k
                FROM businesses WHERE business_id IS NOT NULL
            ),
            candidates AS (
                SELECT r.business_id, r.id, r.next_attempt_at,
                       row_number() OVER (PARTITION BY r.business_id ORDER BY r.next_attempt_at, r.id) AS rank
                FROM businesses AS b
                CROSS JOIN LATERAL (
                    SELECT c.business_id, c.id, c.next_attempt_at FROM {table} AS c
                    WHERE c.business_id = b.business_id AND c.state = 'pending' AND c.next_attempt_at <= $3
                      AND (c.locked_until IS NULL OR c.locked_until <= $3)
                    ORDER BY c.next_attempt_at, c.id
                    LIMIT $4) AS r
                WHERE b.business_id IS NOT NULL
            ),
            picked AS (
                SELECT t.business_id, t.id FROM {table} AS t
                WHERE (t.business_id, t.id) IN (
                    SELECT business_id, id FROM candidates
                    WHERE rank <= (SELECT k FROM share)
                    ORDER BY rank, next_attempt_at, id LIMIT $4)
                  AND t.state = 'pending' AND (t.locked_until IS NULL OR t.locked_until <= $3)
                FOR UPDATE SKIP LOCKED
            ),
            {claimTail}
            """;

        // $1 dispatcher, $2 lease until, $3 now, $4 the most rows, $5 max claims, $6 business, $7–$8 the changed_at range.
        _claimGroupSql = $"""
            WITH picked AS (
                SELECT t.business_id, t.id FROM {table} AS t
                WHERE t.business_id = $6 AND t.state = 'pending' AND t.next_attempt_at <= $3
                  AND (t.locked_until IS NULL OR t.locked_until <= $3) AND t.changed_at >= $7 AND t.changed_at < $8
                ORDER BY t.id
                LIMIT $4
                FOR UPDATE SKIP LOCKED
            ),
            {claimTail}
            """;

        // $1 dispatcher, $2 lease until, $3 business ids, $4 ids.
        _renewSql = $"""
            UPDATE {table} AS o SET locked_until = $2
            FROM unnest($3::bigint[], $4::bigint[]) AS k(business_id, id)
            WHERE o.business_id = k.business_id AND o.id = k.id AND o.locked_by = $1 AND o.state = 'pending'
            RETURNING o.business_id, o.id
            """;

        // $1 dispatcher; $2–$9 one element per row; $10–$17 one element per notifier state. A delivered notifier is never set back.
        _completeSql = $"""
            WITH notifiers AS (
                INSERT INTO {deliveries} AS d (business_id, outbox_id, notifier, state, attempts, next_attempt_at, last_error, delivered_at)
                SELECT * FROM unnest($10::bigint[], $11::bigint[], $12::text[], $13::text[], $14::int[], $15::timestamptz[], $16::text[], $17::timestamptz[])
                ON CONFLICT (business_id, outbox_id, notifier) DO UPDATE
                SET state = excluded.state, attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,
                    last_error = excluded.last_error, delivered_at = excluded.delivered_at
                WHERE d.state <> 'delivered'
            )
            UPDATE {table} AS o
            SET locked_by = NULL, locked_until = NULL,
                claims = CASE WHEN i.released THEN greatest(o.claims - 1, 0) ELSE 0 END,
                state = CASE WHEN i.released THEN o.state ELSE i.state END,
                attempts = CASE WHEN i.released THEN o.attempts ELSE i.attempts END,
                next_attempt_at = CASE WHEN i.released THEN o.next_attempt_at ELSE i.next_attempt_at END,
                last_error = CASE WHEN i.released THEN o.last_error ELSE i.last_error END,
                delivered_at = CASE WHEN i.released THEN o.delivered_at ELSE i.delivered_at END
            FROM unnest($2::bigint[], $3::bigint[], $4::boolean[], $5::text[], $6::int[], $7::timestamptz[], $8::text[], $9::timestamptz[])
                AS i(business_id, id, released, state, attempts, next_attempt_at, last_error, delivered_at)
            WHERE o.business_id = i.business_id AND o.id = i.id AND o.locked_by = $1 AND o.state = 'pending'
            RETURNING o.business_id, o.id
            """;
        _purgeSql = $"""
            DELETE FROM {table}
            WHERE (business_id, id) IN (
                SELECT business_id, id FROM {table}
                WHERE state = 'delivered' AND delivered_at < $1
                LIMIT {PurgeBatchSize})
            """;
    }

    /// <summary>Gets the channel this outbox listens on.</summary>
    internal string Channel { get; }

    /// <summary>Gets the claim statement, for the test that keeps its plan cheap.</summary>
    internal string ClaimSql => _claimSql;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedRow>> ClaimAsync(
        Guid dispatcherId, int batchSize, int maxClaims, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        RegisterLocal(); // a dispatcher: from its first claim on, writes of this process wake it in process (a wake-up during this claim ends its next wait)
        var command = _dataSource.CreateCommand(_claimSql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = dispatcherId });
        command.Parameters.Add(Timestamp(leaseUntil));
        command.Parameters.Add(Timestamp(now));
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = batchSize });
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = maxClaims });

        return await ReadClaimedAsync(command, batchSize, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedRow>> ClaimGroupAsync(
        Guid dispatcherId, long businessId, DateTimeOffset changedFrom, DateTimeOffset changedTo, int maxRows, int maxClaims,
        DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var command = _dataSource.CreateCommand(_claimGroupSql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = dispatcherId });
        command.Parameters.Add(Timestamp(leaseUntil));
        command.Parameters.Add(Timestamp(now));
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = maxRows });
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = maxClaims });
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = businessId });
        command.Parameters.Add(Timestamp(changedFrom));
        command.Parameters.Add(Timestamp(changedTo));
        return await ReadClaimedAsync(command, maxRows, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ClaimedRow>> ReadClaimedAsync(NpgsqlCommand command, int capacity, CancellationToken cancellationToken)
    {
        var claimed = new List<ClaimedRow>(capacity);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var message = new OutboxMessage(
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
                reader.GetFieldValue<DateTimeOffset>(11))
            {
                Kind = NotificationKindNames.Parse(reader.GetString(12)),
            };
            claimed.Add(new ClaimedRow(
                message,
                Attempts: reader.GetInt32(13),
                NextAttemptAt: reader.GetFieldValue<DateTimeOffset>(14),
                Claims: reader.GetInt32(15),
                Notifiers: ReadNotifiers(reader),
                LastError: reader.IsDBNull(16) ? null : reader.GetString(16),
                Poisoned: reader.GetString(17) == "dead"));
        }

        ClaimOrder.Sort(claimed);
        return claimed;
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<OutboxKey>> RenewAsync(
        Guid dispatcherId, IReadOnlyList<OutboxKey> rows, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var command = _dataSource.CreateCommand(_renewSql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = dispatcherId });
        command.Parameters.Add(Timestamp(leaseUntil));
        command.Parameters.Add(Array(rows.Select(r => r.BusinessId), NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(rows.Select(r => r.Id), NpgsqlDbType.Bigint));
        return await ReadKeysAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<OutboxKey>> CompleteAsync(Guid dispatcherId, IReadOnlyList<RowOutcome> outcomes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var states = outcomes.SelectMany(o => (o.Notifiers ?? []).Select(n => (o.Key, State: n))).ToList();
        var command = _dataSource.CreateCommand(_completeSql);
        await using var commandScope = command.ConfigureAwait(false);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = dispatcherId });
        p.Add(Array(outcomes.Select(o => o.Key.BusinessId), NpgsqlDbType.Bigint));
        p.Add(Array(outcomes.Select(o => o.Key.Id), NpgsqlDbType.Bigint));
        p.Add(Array(outcomes.Select(o => o.Released), NpgsqlDbType.Boolean));
        p.Add(Array(outcomes.Select(o => StateName(o.State)), NpgsqlDbType.Text));
        p.Add(Array(outcomes.Select(o => o.Attempts), NpgsqlDbType.Integer));
        p.Add(Array(outcomes.Select(o => o.NextAttemptAt.ToUniversalTime()), NpgsqlDbType.TimestampTz));
        p.Add(Array(outcomes.Select(o => Clean(o.LastError)), NpgsqlDbType.Text));
        p.Add(Array(outcomes.Select(o => o.DeliveredAt?.ToUniversalTime()), NpgsqlDbType.TimestampTz));
        p.Add(Array(states.Select(s => s.Key.BusinessId), NpgsqlDbType.Bigint));
        p.Add(Array(states.Select(s => s.Key.Id), NpgsqlDbType.Bigint));
        p.Add(Array(states.Select(s => s.State.Notifier), NpgsqlDbType.Text));
        p.Add(Array(states.Select(s => StateName(s.State.State)), NpgsqlDbType.Text));
        p.Add(Array(states.Select(s => s.State.Attempts), NpgsqlDbType.Integer));
        p.Add(Array(states.Select(s => (s.State.NextAttemptAt == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : s.State.NextAttemptAt).ToUniversalTime()), NpgsqlDbType.TimestampTz));
        p.Add(Array(states.Select(s => Clean(s.State.LastError)), NpgsqlDbType.Text));
        p.Add(Array(states.Select(s => s.State.DeliveredAt?.ToUniversalTime()), NpgsqlDbType.TimestampTz));
        return await ReadKeysAsync(command, cancellationToken).ConfigureAwait(false);
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
            command.Parameters.Add(Timestamp(deliveredBefore));
            deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == PurgeBatchSize);

        return total;
    }

    /// <inheritdoc />
    /// <remarks>
    /// With <see cref="NotificationOptions.ListenForWakeUps"/> on, the wait ends at the first of: a wake-up from a write of this
    /// process (<see cref="LocalWakeUps"/>, no SQL), a <c>NOTIFY</c> from another process on the <c>LISTEN</c> connection, or the
    /// timeout. The <c>LISTEN</c> connection's wait is kept across calls until a notification arrives or it times out, so ending a
    /// call early never cancels it (a cancelled Npgsql wait can leave the connection mid-protocol).
    /// </remarks>
    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_listen)
        {
            // Polling only (NotificationOptions.ListenForWakeUps off, e.g. behind a pooler in transaction mode).
            await Task.Delay(timeout, _time, cancellationToken).ConfigureAwait(false);
            return;
        }

        RegisterLocal();
        if (_localSignal.TryConsume())
        {
            // Changes committed in this process since the last wait: return (spaced), or the wake-up is lost.
            await SpaceLocalWakeUpAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                var remaining = timeout - System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    return;
                }

                var remote = await ListenAsync(remaining, cancellationToken).ConfigureAwait(false);
                if (remote is null)
                {
                    // The database is unreachable: wait out the poll interval (on the host's clock, as before) or a local wake-up.
                    await _localSignal.Signalled.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
                    _localSignal.TryConsume();
                    return;
                }

                await Task.WhenAny(_localSignal.Signalled, remote).WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
                if (_localSignal.TryConsume())
                {
                    await SpaceLocalWakeUpAsync(cancellationToken).ConfigureAwait(false);
                    return;
                }

                // The connection's wait ended: a notification (or a failure) ends this one; a wait kept from an earlier call
                // that timed out on its own, earlier deadline is followed by a new one for the rest of this call's timeout.
                await EndListenWaitAsync(remote).ConfigureAwait(false);
                if (remote.IsFaulted || remote.Result)
                {
                    return;
                }
            }
        }
        catch (TimeoutException)
        {
            // The polling fallback: the caller looks for due rows anyway.
            _localSignal.TryConsume();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The dispatcher is stopping: writes of this process wake dispatchers elsewhere again (NOTIFY) until it waits again.
            UnregisterLocal();
            throw;
        }
    }

    /// <summary>
    /// Ends a wait woken in process no sooner than <see cref="OutboxWakeUp.MinInterval"/> after the previous one, so that at a
    /// steady apply rate the dispatcher claims the rows of a few milliseconds at once (as the spaced <c>NOTIFY</c>s let it) rather
    /// than a claim and an acknowledgement per row.
    /// </summary>
    private async Task SpaceLocalWakeUpAsync(CancellationToken cancellationToken)
    {
        var wait = OutboxWakeUp.MinInterval - System.Diagnostics.Stopwatch.GetElapsedTime(_lastLocalWakeUp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), cancellationToken).ConfigureAwait(false);
        }

        _lastLocalWakeUp = System.Diagnostics.Stopwatch.GetTimestamp();
        _localSignal.TryConsume(); // the signals of the pause are served by the claim that follows
    }

    /// <summary>Starts (or keeps) the <c>LISTEN</c> connection's wait; null when the database cannot be reached.</summary>
    private async Task<Task<bool>?> ListenAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _listenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_listening is { } kept && !(kept.IsCompletedSuccessfully && !kept.Result))
            {
                // Still waiting, or it ended with a notification (or failed) while the caller was busy: the caller sees that first.
                return kept;
            }

            try
            {
                var listener = await GetListenerAsync(cancellationToken).ConfigureAwait(false);

                // Notifications that arrived since the last wait are buffered on the connection and end this one at once.
                _listening = listener.WaitAsync(timeout, _stop.Token);
                return _listening;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                // The database is unreachable: wait out the poll interval (or a local wake-up) rather than spin; the caller polls anyway.
                Log.ListenConnectionFailed(_logger, Channel, ex);
                return null;
            }
        }
        finally
        {
            _listenGate.Release();
        }
    }

    /// <summary>Forgets the <c>LISTEN</c> connection's completed wait, and the connection itself if the wait failed.</summary>
    private async Task EndListenWaitAsync(Task<bool> completed)
    {
        await _listenGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_listening == completed)
            {
                _listening = null;
            }

            if (completed.Exception is { } failure && !_disposed)
            {
                Log.ListenConnectionFailed(_logger, Channel, failure.InnerException ?? failure);
                await DropListenerAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _listenGate.Release();
        }
    }

    private void RegisterLocal()
    {
        if (_local is not null && !Volatile.Read(ref _registered))
        {
            Volatile.Write(ref _registered, true);
            _local.Add(_localSignal);
        }
    }

    private void UnregisterLocal()
    {
        if (_local is not null)
        {
            Volatile.Write(ref _registered, false);
            _local.Remove(_localSignal);
        }
    }

    /// <summary>Unlistens and closes the wake-up connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        UnregisterLocal();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _listenGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            await EndPendingWaitAsync().ConfigureAwait(false);
            await DropListenerAsync().ConfigureAwait(false);
        }
        finally
        {
            _listenGate.Release();
            _stop.Dispose();
        }
    }

    /// <summary>Unlistens and closes the wake-up connection, for a container disposed synchronously; the same steps as <see cref="DisposeAsync"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        UnregisterLocal();
        _stop.Cancel();
        _listenGate.Wait();
        try
        {
            _disposed = true;
            EndPendingWaitAsync().AsTask().GetAwaiter().GetResult();
            DropListenerAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            _listenGate.Release();
            _stop.Dispose();
        }
    }

    /// <summary>Lets the <c>LISTEN</c> connection's cancelled wait end; the connection is closed right after (never reused).</summary>
    private async ValueTask EndPendingWaitAsync()
    {
        if (_listening is { } pending)
        {
            _listening = null;
            try
            {
                await pending.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Cancelled by the dispose itself, or failed: either way the connection is closed next.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private async Task<NpgsqlConnection> GetListenerAsync(CancellationToken cancellationToken)
    {
        if (_listener is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }

        await DropListenerAsync().ConfigureAwait(false);

        // Outside the pool that serves the applies, with the data source's own credentials and callbacks (CloneWith).
        var unpooled = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString) { Pooling = false }.ConnectionString;
        var template = _dataSource.CreateConnection();
        await using var templateScope = template.ConfigureAwait(false);
        var connection = template.CloneWith(unpooled);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
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
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                Log.ListenConnectionFailed(_logger, Channel, ex);
            }
        }
    }

    private static NotifierDelivery[] ReadNotifiers(NpgsqlDataReader reader)
    {
        const int First = 18;
        if (reader.IsDBNull(First))
        {
            return [];
        }

        var names = reader.GetFieldValue<string[]>(First);
        var states = reader.GetFieldValue<string[]>(First + 1);
        var attempts = reader.GetFieldValue<int[]>(First + 2);
        var next = reader.GetFieldValue<DateTime[]>(First + 3);
        var errors = reader.GetFieldValue<string?[]>(First + 4);
        var delivered = reader.GetFieldValue<DateTime?[]>(First + 5);
        var result = new NotifierDelivery[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            result[i] = new NotifierDelivery(
                names[i], ParseState(states[i]), attempts[i], new DateTimeOffset(next[i], TimeSpan.Zero), errors[i],
                delivered[i] is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null);
        }

        return result;
    }

    private static async Task<IReadOnlySet<OutboxKey>> ReadKeysAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var keys = new HashSet<OutboxKey>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new OutboxKey(reader.GetInt64(0), reader.GetInt64(1)));
        }

        return keys;
    }

    internal static string StateName(OutboxState state) => state switch
    {
        OutboxState.Pending => "pending",
        OutboxState.Delivered => "delivered",
        OutboxState.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Not an outbox state."),
    };

    internal static OutboxState ParseState(string name) => name switch
    {
        "pending" => OutboxState.Pending,
        "delivered" => OutboxState.Delivered,
        "dead" => OutboxState.Dead,
        _ => throw new FormatException($"'{name}' is not an outbox state."),
    };

    private static string? Clean(string? text) => text?.Replace("\0", string.Empty, StringComparison.Ordinal);

    private static NpgsqlParameter Array<T>(IEnumerable<T> values, NpgsqlDbType type) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | type, Value = values.ToArray() };

    private static NpgsqlParameter<DateTimeOffset> Timestamp(DateTimeOffset value) =>
        new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = value.ToUniversalTime() };
}
