using LeadStatus.Internal;
using LeadStatus.Policy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// The PostgreSQL <see cref="ILeadStatusStore"/>: the whole apply is one statement of data-modifying CTEs, so it is one
/// implicit transaction and one round trip; only a same-key race that another call won while this one waited costs a
/// second, read-only round trip.
/// </summary>
/// <remarks>
/// Locking order is the lead row (<c>FOR UPDATE</c>, only when the call may apply) and then the idempotency key (the
/// unique index, taken by the insert), the same for every call, so concurrent calls cannot deadlock each other.
/// </remarks>
internal sealed partial class PostgresLeadStatusStore : ILeadStatusStore
{
    private const int MaxDeadlockAttempts = 3;

    /// <summary>
    /// Takes a transaction-level advisory lock per idempotency key of a list (<c>$1</c> business ids, <c>$2</c> sources, <c>$3</c>
    /// keys), in hash order: the sorted subquery is scanned in order (<c>OFFSET 0</c> keeps it from being flattened), so the locks
    /// are taken in that order. Two keys with one hash share a lock, which only serializes them. The class id 19539 is "LS".
    /// </summary>
    private const string LockKeysSql = """
        SELECT pg_advisory_xact_lock(19539, k.h)
        FROM (SELECT DISTINCT hashtext(u.b::text || '/' || u.s || '/' || u.e) AS h
              FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u (b, s, e)
              ORDER BY h OFFSET 0) AS k
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly string _lockSql;
    private readonly string _applySql;
    private readonly string _applyManySql;
    private readonly string _readBackSql;
    private readonly string _lockManySql;
    private readonly ReviewSql _reviewSql;
    private readonly string _analyticsSql;
    private readonly string _recentEventsSql;
    private readonly OutboxWakeUp? _wakeUp;

    /// <summary>Creates the store and builds its SQL once from the mapping options.</summary>
    public PostgresLeadStatusStore(LeadStatusDataSource dataSource, IOptions<LeadStatusOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource.DataSource;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(Log.Category);
        (_lockSql, _applySql, _applyManySql, _readBackSql) = BuildSql(options.Value.Postgres);
        _lockManySql = BuildLockManySql(options.Value.Postgres);
        _reviewSql = ReviewSql.Build(options.Value.Postgres);
        _analyticsSql = AnalyticsSql.Build(QuotedMapping.From(options.Value.Postgres).Events);
        _recentEventsSql = BuildRecentEventsSql(QuotedMapping.From(options.Value.Postgres).Events);
        _wakeUp = options.Value.Notifications.ListenForWakeUps
            ? new OutboxWakeUp(_dataSource, OutboxChannel.For(options.Value.Postgres.Schema), _logger)
            : null;
    }

    /// <inheritdoc />
    public async Task<StoreWriteResult> RecordAsync(StatusEventWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        EnsureNoNul(write);

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);

        // Optimistic first: one statement that locks the lead itself. Its snapshot is taken before the lock is granted, so when
        // another transaction changed the lead while this one waited, the statement writes nothing and answers "stale", and the
        // write is sent again as a batch that locks the lead first and decides with a snapshot taken after the lock (a second
        // round trip, only under contention on one lead).
        var stored = await ExecuteAsync(connection, write, lockFirst: false, cancellationToken).ConfigureAwait(false);
        if (stored is { Outcome: Stale })
        {
            Log.StaleLeadRetried(_logger, write.BusinessId, write.LeadId);
            stored = await ExecuteAsync(connection, write, lockFirst: true, cancellationToken).ConfigureAwait(false);
        }

        if (stored is { } result)
        {
            if (WroteNotification(result, write))
            {
                // An applied change or a new suggestion that notifies wrote one outbox row: wake the dispatcher, off this path.
                _wakeUp?.Signal();
            }

            return result;
        }

        return await ReadBackAsync(connection, write, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One batch, so one round trip and one implicit transaction (up to the batch's Sync): first every lead the list may apply to is
    /// locked in one statement, in (business, lead) order, then every idempotency key (an advisory lock per key, in hash order), so
    /// two lists with overlapping leads or keys in any order cannot deadlock; then the list form of the apply statement
    /// (<see cref="ApplySql.Many"/>, the same decision as <see cref="RecordAsync"/>) runs once per wave (<see cref="ApplySql.ApplyWaves"/>):
    /// a list without repeated leads or keys is one set-based statement. Each statement takes its snapshot when it starts, so a
    /// wave sees what the earlier ones wrote: a key repeated in the list is answered as a duplicate, and the same lead several times
    /// moves from status to status in list order. A write that got no result row lost a same-key race to another transaction;
    /// it is read back after the commit, as <see cref="RecordAsync"/> does.
    /// </remarks>
    public async Task<IReadOnlyList<StoreWriteResult>> RecordManyAsync(IReadOnlyList<StatusEventWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return [];
        }

        foreach (var write in writes)
        {
            ArgumentNullException.ThrowIfNull(write, nameof(writes));
            EnsureNoNul(write);
        }

        // Leads and keys are locked in one order, so lists should not deadlock each other; should PostgreSQL still choose this
        // list as a deadlock victim (a host's own locks), it wrote nothing, and it is sent again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RecordChunkAsync(writes, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxDeadlockAttempts)
            {
                Log.ChunkDeadlockRetried(_logger, writes.Count, attempt, exception);
            }
        }
    }

    /// <summary>Sends one chunk as one batch; see <see cref="RecordManyAsync"/>.</summary>
    private async Task<IReadOnlyList<StoreWriteResult>> RecordChunkAsync(IReadOnlyList<StatusEventWrite> writes, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var results = new StoreWriteResult?[writes.Count];
        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            var leads = writes.Where(write => write.ReadsLead).Select(write => (write.BusinessId, write.LeadId)).Distinct().ToArray();
            if (leads.Length > 0)
            {
                var lockLeads = new NpgsqlBatchCommand(_lockManySql);
                lockLeads.Parameters.Add(new NpgsqlParameter<long[]>
                {
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = [.. leads.Select(lead => lead.BusinessId)],
                });
                lockLeads.Parameters.Add(new NpgsqlParameter<long[]>
                {
                    NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = [.. leads.Select(lead => lead.LeadId)],
                });
                batch.BatchCommands.Add(lockLeads);
            }

            // Then every idempotency key, also in one order, so that two lists sharing keys cannot deadlock on each other's
            // uncommitted inserts either (a single call inserts one key after its one lead, so it closes no cycle).
            var lockKeys = new NpgsqlBatchCommand(LockKeysSql);
            lockKeys.Parameters.Add(new NpgsqlParameter<long[]>
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint, TypedValue = [.. writes.Select(write => write.BusinessId)],
            });
            lockKeys.Parameters.Add(new NpgsqlParameter<string[]>
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = [.. writes.Select(write => write.Source)],
            });
            lockKeys.Parameters.Add(new NpgsqlParameter<string[]>
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = [.. writes.Select(write => write.SourceEventId)],
            });
            batch.BatchCommands.Add(lockKeys);
            var waves = ApplySql.ApplyWaves(writes);
            foreach (var wave in waves)
            {
                batch.BatchCommands.Add(ApplyManyCommand(writes, wave));
            }

            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (leads.Length > 0)
                {
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                }

                foreach (var wave in waves)
                {
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var index = wave[checked((int)reader.GetInt64(OrdColumn)) - 1];
                        results[index] = ReadResult(reader, writes[index]);
                    }
                }
            }
        }

        // The reader is disposed: the batch's implicit transaction has committed.
        var stored = new StoreWriteResult[writes.Count];
        var wake = false;
        for (var i = 0; i < writes.Count; i++)
        {
            stored[i] = results[i] ?? await ReadBackAsync(connection, writes[i], cancellationToken).ConfigureAwait(false);
            wake |= results[i] is { } result && WroteNotification(result, writes[i]);
        }

        if (wake)
        {
            _wakeUp?.Signal();
        }

        return stored;
    }

    /// <summary>Whether the apply statement wrote an outbox row: an applied change or a new suggestion of a write that notifies.</summary>
    private static bool WroteNotification(StoreWriteResult result, StatusEventWrite write) =>
        result.Outcome is StatusUpdateOutcome.Applied or StatusUpdateOutcome.PendingReview && write.Notify;

    /// <summary>The result column that numbers the writes of one statement from 1 (<see cref="ApplySql"/>).</summary>
    private const int OrdColumn = 8;

    /// <summary>The outcome the apply statement answers when the lead changed between its snapshot and its lock (not an outcome of ours).</summary>
    private const StatusUpdateOutcome Stale = (StatusUpdateOutcome)(-1);

    /// <summary>Sends the apply statement, optimistically alone or after a statement that locks the lead; null when it recorded nothing (a same-key race).</summary>
    private async Task<StoreWriteResult?> ExecuteAsync(NpgsqlConnection connection, StatusEventWrite write, bool lockFirst, CancellationToken cancellationToken)
    {
        lockFirst &= write.ReadsLead;
        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            if (lockFirst)
            {
                var lockLead = new NpgsqlBatchCommand(_lockSql);
                lockLead.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = write.BusinessId });
                lockLead.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = write.LeadId });
                lockLead.Parameters.Add(Text(write.Source));
                lockLead.Parameters.Add(Text(write.SourceEventId));
                batch.BatchCommands.Add(lockLead);
            }

            batch.BatchCommands.Add(ApplyCommand(write, optimistic: !lockFirst));
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (lockFirst)
                {
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                }

                // Disposing the reader consumes the batch up to ReadyForQuery, so its implicit transaction has committed.
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadResult(reader, write) : null;
            }
        }
    }

    /// <summary>The apply statement of one write (<see cref="ApplySql.Single"/>), with its parameters: what <see cref="RecordAsync"/> sends.</summary>
    /// <param name="write">The write.</param>
    /// <param name="optimistic">Whether the statement runs without the lead locked first (then it answers "stale" when the lead changed under it).</param>
    private NpgsqlBatchCommand ApplyCommand(StatusEventWrite write, bool optimistic = false)
    {
        // Positional ($n), unnamed parameters: Npgsql sends the SQL as is instead of parsing and rewriting ~4 KB of named
        // placeholders on every call. The order is the $n of BuildSql.
        var apply = new NpgsqlBatchCommand(_applySql);
        var p = apply.Parameters;
        p.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = write.BusinessId });
        p.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = write.LeadId });
        p.Add(Text(write.Source));
        p.Add(Text(write.SourceEventId));
        p.Add(Text(write.RecommendedLabel));
        p.Add(Text(write.RecommendedStatusId));
        p.Add(Text(write.RecommendedStatusLabel ?? write.RecommendedStatusId));
        p.Add(new NpgsqlParameter<double> { NpgsqlDbType = NpgsqlDbType.Double, TypedValue = write.Confidence });
        p.Add(Text(write.RequestFingerprint));
        p.Add(Text(OutcomeCodes.ToCode(write.ProposedOutcome)));
        p.Add(Text(write.Reason));
        p.Add(new NpgsqlParameter<bool> { NpgsqlDbType = NpgsqlDbType.Boolean, TypedValue = write.ReadsLead });
        p.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = write.NotificationId });
        p.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = write.Now.ToUniversalTime() });
        p.Add(Text(StoreReasons.LeadNotFound));
        p.Add(Text(StoreReasons.SameStatus));
        p.Add(Text(EventCodes.ToCode(write.Kind)));
        p.Add(Text(write.Actor));
        p.Add(new NpgsqlParameter<long?> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = write.RefersToEventId });
        p.Add(Text(EventCodes.ToCode(write.MatchKind)));
        p.Add(TextArray(write.Guard.LockedStatuses));
        p.Add(TextArray(write.Guard.AllowedFrom));
        p.Add(new NpgsqlParameter<DateTimeOffset?> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = write.Guard.ProtectedSince?.ToUniversalTime() });
        p.Add(Text(write.Guard.ProtectedReasonTemplate));
        p.Add(new NpgsqlParameter<bool> { NpgsqlDbType = NpgsqlDbType.Boolean, TypedValue = write.Notify });
        p.Add(new NpgsqlParameter<bool> { NpgsqlDbType = NpgsqlDbType.Boolean, TypedValue = write.Guard.ReviewQueue });
        p.Add(new NpgsqlParameter<bool> { NpgsqlDbType = NpgsqlDbType.Boolean, TypedValue = optimistic });
        return apply;
    }

    /// <summary>The list form of the apply statement (<see cref="ApplySql.Many"/>) for the writes of one wave, with its array parameters.</summary>
    private NpgsqlBatchCommand ApplyManyCommand(IReadOnlyList<StatusEventWrite> writes, List<int> wave)
    {
        var items = wave.Select(index => writes[index]).ToArray();
        var (locked, lockedOffsets, lockedLengths) = Flatten(items, write => write.Guard.LockedStatuses);
        var (allowed, allowedOffsets, allowedLengths) = Flatten(items, write => write.Guard.AllowedFrom);
        var apply = new NpgsqlBatchCommand(_applyManySql);
        var p = apply.Parameters;
        p.Add(Column(items, NpgsqlDbType.Bigint, write => write.BusinessId));
        p.Add(Column(items, NpgsqlDbType.Bigint, write => write.LeadId));
        p.Add(Column(items, NpgsqlDbType.Text, write => write.Source));
        p.Add(Column(items, NpgsqlDbType.Text, write => write.SourceEventId));
        p.Add(Column(items, NpgsqlDbType.Text, write => write.RecommendedLabel));
        p.Add(Column(items, NpgsqlDbType.Text, write => write.RecommendedStatusId));
        p.Add(Column(items, NpgsqlDbType.Text, write => write.RecommendedStatusLabel ?? write.RecommendedStatusId));
        p.Add(Column(items, NpgsqlDbType.Double, write => write.Confidence));
        p.Add(Column(items, NpgsqlDbType.Text, write => write.RequestFingerprint));
        p.Add(Column(items, NpgsqlDbType.Text, write => OutcomeCodes.ToCode(write.ProposedOutcome)));
        p.Add(Column(items, NpgsqlDbType.Text, write => write.Reason));
        p.Add(Column(items, NpgsqlDbType.Boolean, write => write.ReadsLead));
        p.Add(Column(items, NpgsqlDbType.Uuid, write => write.NotificationId));
        p.Add(Column(items, NpgsqlDbType.TimestampTz, write => write.Now.ToUniversalTime()));
        p.Add(Text(StoreReasons.LeadNotFound));
        p.Add(Text(StoreReasons.SameStatus));
        p.Add(Column(items, NpgsqlDbType.Text, write => EventCodes.ToCode(write.Kind)));
        p.Add(Column(items, NpgsqlDbType.Text, write => write.Actor));
        p.Add(Column(items, NpgsqlDbType.Bigint, write => write.RefersToEventId));
        p.Add(Column(items, NpgsqlDbType.Text, write => EventCodes.ToCode(write.MatchKind)));
        p.Add(TextArray(locked));
        p.Add(TextArray(allowed));
        p.Add(Column(items, NpgsqlDbType.TimestampTz, write => write.Guard.ProtectedSince?.ToUniversalTime()));
        p.Add(Column(items, NpgsqlDbType.Text, write => write.Guard.ProtectedReasonTemplate));
        p.Add(Column(items, NpgsqlDbType.Boolean, write => write.Notify));
        p.Add(Column(items, NpgsqlDbType.Boolean, write => write.Guard.ReviewQueue));
        p.Add(Integers(lockedOffsets));
        p.Add(Integers(lockedLengths));
        p.Add(Integers(allowedOffsets));
        p.Add(Integers(allowedLengths));
        return apply;

        // One field of every write of the wave, as an array parameter.
        static NpgsqlParameter<T[]> Column<T>(StatusEventWrite[] items, NpgsqlDbType type, Func<StatusEventWrite, T> field) =>
            new() { NpgsqlDbType = NpgsqlDbType.Array | type, TypedValue = Array.ConvertAll(items, item => field(item)) };

        static NpgsqlParameter<int[]> Integers(int[] values) =>
            new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer, TypedValue = values };

        // Per-write text arrays as one flat array, with each write's offset and length (-1: null).
        static (string[] Flat, int[] Offsets, int[] Lengths) Flatten(StatusEventWrite[] items, Func<StatusEventWrite, string[]?> field)
        {
            var flat = new List<string>();
            var offsets = new int[items.Length];
            var lengths = new int[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                var values = field(items[i]);
                offsets[i] = flat.Count;
                lengths[i] = values?.Length ?? -1;
                flat.AddRange(values ?? []);
            }

            return ([.. flat], offsets, lengths);
        }
    }

    /// <summary>
    /// Race path: a concurrent call with the same key committed while the apply statement waited, so ON CONFLICT DO NOTHING inserted
    /// nothing and the statement's snapshot cannot see that row. A new statement, after the commit, has a new snapshot.
    /// </summary>
    private async Task<StoreWriteResult> ReadBackAsync(NpgsqlConnection connection, StatusEventWrite write, CancellationToken cancellationToken)
    {
        Log.ConcurrentDuplicateResolved(_logger, write.BusinessId, write.Source, write.SourceEventId);
        var readBack = new NpgsqlCommand(_readBackSql, connection);
        await using (readBack.ConfigureAwait(false))
        {
            readBack.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = write.BusinessId });
            readBack.Parameters.Add(Text(write.Source));
            readBack.Parameters.Add(Text(write.SourceEventId));
            readBack.Parameters.Add(Text(write.RequestFingerprint));
            var reader = await readBack.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return ReadResult(reader, write);
            }
        }

        throw new InvalidOperationException(
            $"The {write.Source} event '{write.SourceEventId}' of business {write.BusinessId} was neither recorded nor found; was it deleted concurrently?");
    }

    /// <summary>Reads the one result row: <c>inserted, event_id, outcome, previous_status_id, recommended_status_id, recommended_label, same_fingerprint, reason</c>.</summary>
    private static StoreWriteResult ReadResult(NpgsqlDataReader reader, StatusEventWrite write)
    {
        var inserted = reader.GetBoolean(0);
        var eventId = reader.GetInt64(1);
        if (reader.GetString(2) == "stale")
        {
            return new StoreWriteResult(Stale, 0, null, null, null, Stale);
        }

        var recorded = OutcomeCodes.FromCode(reader.GetString(2));
        var previous = reader.IsDBNull(3) ? null : reader.GetString(3);
        if (inserted)
        {
            return new StoreWriteResult(recorded, eventId, previous, write.RecommendedStatusId, write.RecommendedLabel, recorded, reader.GetString(7));
        }

        var statusId = reader.IsDBNull(4) ? null : reader.GetString(4);
        var label = reader.IsDBNull(5) ? null : reader.GetString(5);
        var outcome = reader.GetBoolean(6) ? StatusUpdateOutcome.AlreadyProcessed : StatusUpdateOutcome.IdempotencyKeyConflict;
        return new StoreWriteResult(outcome, eventId, previous, statusId, label, recorded);
    }

    private static NpgsqlParameter<string?> Text(string? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Text, TypedValue = value };


    private static NpgsqlParameter<string[]?> TextArray(string[]? value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text, TypedValue = value };

    /// <summary>PostgreSQL text cannot hold U+0000; refuse it before any I/O with a clear error instead of a server error.</summary>
    private static void EnsureNoNul(StatusEventWrite write)
    {
        Check(write.Source, nameof(write.Source));
        Check(write.SourceEventId, nameof(write.SourceEventId));
        Check(write.RecommendedLabel, nameof(write.RecommendedLabel));
        Check(write.RecommendedStatusId, nameof(write.RecommendedStatusId));
        Check(write.RecommendedStatusLabel, nameof(write.RecommendedStatusLabel));
        Check(write.RequestFingerprint, nameof(write.RequestFingerprint));
        Check(write.Reason, nameof(write.Reason));

        static void Check(string? value, string name)
        {
            if (value is not null && value.Contains('\0', StringComparison.Ordinal))
            {
#pragma warning disable CA2208 // The name is the field of the write that holds the NUL.
                throw new ArgumentException($"{name} contains a NUL character (U+0000), which PostgreSQL text cannot store.", name);
#pragma warning restore CA2208
            }
        }
    }

    /// <summary>Builds the statement that locks a list of leads, <c>$1</c> their business ids and <c>$2</c> their ids, in one fixed order.</summary>
    /// <remarks>The sort runs below the row locks, so rows are locked in (business, lead) order whatever the order of the list.</remarks>
    internal static string BuildLockManySql(PostgresMappingOptions mapping)
    {
        var quoted = QuotedMapping.From(mapping);
        return $"""
            SELECT NULL FROM {quoted.Leads} AS l
            WHERE (l.{quoted.BusinessId}, l.{quoted.Id}) IN (SELECT b, i FROM unnest($1::bigint[], $2::bigint[]) AS k (b, i))
            ORDER BY l.{quoted.BusinessId}, l.{quoted.Id}
            FOR UPDATE OF l
            """;
    }

    /// <summary>Builds the lead lock, the apply statements (<see cref="ApplySql"/>) and the race-path read-back from the (validated, quoted) mapping.</summary>
    internal static (string Lock, string Apply, string ApplyMany, string ReadBack) BuildSql(PostgresMappingOptions mapping)
    {
        var quoted = QuotedMapping.From(mapping);
        var (events, _, leads, _, id, businessId, _, _) = quoted;

        // A key already recorded is answered without the lead's lock.
        var lockLead = $"""
            SELECT NULL FROM {leads} AS l
            WHERE l.{businessId} = $1 AND l.{id} = $2
              AND NOT EXISTS (SELECT 1 FROM {events} AS e WHERE e.business_id = $1 AND e.source = $3 AND e.source_event_id = $4)
            FOR UPDATE OF l
            """;

        var readBack = $"""
            SELECT false, e.id, e.outcome, e.previous_status_id, e.recommended_status_id, e.recommended_status_label, e.request_fingerprint = $4,
                   NULL::text
            FROM {events} AS e
            WHERE e.business_id = $1 AND e.source = $2 AND e.source_event_id = $3
            """;
        return (lockLead, ApplySql.Single(quoted), ApplySql.Many(quoted), readBack);
    }
}
