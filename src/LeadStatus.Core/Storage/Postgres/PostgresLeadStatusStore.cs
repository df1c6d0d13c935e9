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
        (_lockSql, _applySql, _readBackSql) = BuildSql(options.Value.Postgres);
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
    /// two lists with overlapping leads or keys in any order cannot deadlock; then the same apply statement as
    /// <see cref="RecordAsync"/> runs once per write in list order. Each statement takes its snapshot when it starts, so it sees
    /// what the earlier ones wrote: a key repeated in the list is answered as a duplicate, and the same lead several times moves
    /// from status to status in order. A write whose statement returned no row lost a same-key race to another
    /// transaction; it is read back after the commit, as <see cref="RecordAsync"/> does.
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
            foreach (var write in writes)
            {
                batch.BatchCommands.Add(ApplyCommand(write));
            }

            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (leads.Length > 0)
                {
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                }

                for (var i = 0; i < writes.Count; i++)
                {
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);

                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        results[i] = ReadResult(reader, writes[i]);
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

    /// <summary>The apply statement of one write, with its parameters: what <see cref="RecordAsync"/> and <see cref="RecordManyAsync"/> both send.</summary>
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

    /// <summary>Builds the lead lock, the apply statement and the race-path read-back from the (validated, quoted) mapping.</summary>
    /// <remarks>
    /// The apply statement decides, for a call that may apply, the checks that need the lead's state in the documented order
    /// (lead found → same status → locked → transition allowed → manual change protected → review band → apply): the <c>decision</c> CTE names
    /// the first check that stops it, and <c>decided</c> turns that into the stored outcome and reason. The in-memory store runs
    /// the same list in C#; the conformance suite proves they agree.
    /// </remarks>
    internal static (string Lock, string Apply, string ReadBack) BuildSql(PostgresMappingOptions mapping)
    {
        var (events, outbox, leads, history, id, businessId, name, status) = QuotedMapping.From(mapping);
        var locked = PgIdentifier.Literal(RuleReasons.LockedTemplate);
        var transition = PgIdentifier.Literal(RuleReasons.TransitionTemplate);

        // A key already recorded is answered without the lead's lock.
        var lockLead = $"""
            SELECT NULL FROM {leads} AS l
            WHERE l.{businessId} = $1 AND l.{id} = $2
              AND NOT EXISTS (SELECT 1 FROM {events} AS e WHERE e.business_id = $1 AND e.source = $3 AND e.source_event_id = $4)
            FOR UPDATE OF l
            """;

        var apply = $"""
            WITH existing AS (
                SELECT e.id, e.outcome, e.previous_status_id, e.recommended_status_id, e.recommended_status_label, e.request_fingerprint
                FROM {events} AS e
                WHERE e.business_id = $1 AND e.source = $3 AND e.source_event_id = $4
            ),
            lead AS (
                SELECT l.{status}::text AS status, l.{name}::text AS name, l.xmin::text AS version
                FROM {leads} AS l
                WHERE l.{businessId} = $1 AND l.{id} = $2 AND $12 AND NOT EXISTS (SELECT 1 FROM existing)
                FOR UPDATE OF l
            ),
            seen AS (
                SELECT l.xmin::text AS version
                FROM {leads} AS l
                WHERE l.{businessId} = $1 AND l.{id} = $2 AND $27 AND $12 AND NOT EXISTS (SELECT 1 FROM existing)
            ),
            human AS (
                SELECT m.actor, m.created_at
                FROM {events} AS m
                WHERE $23::timestamptz IS NOT NULL AND $12 AND m.business_id = $1 AND m.lead_id = $2 AND m.created_at > $23
                  AND m.kind IN ('manual_change', 'revert') AND m.outcome IN ('applied', 'same_status', 'reverted')
                ORDER BY m.created_at DESC
                LIMIT 1
            ),
            decision AS (
                SELECT CASE WHEN NOT $12 THEN 'proposed'
                            WHEN $27 AND (SELECT version FROM seen) IS DISTINCT FROM (SELECT version FROM lead) THEN 'stale'
                            WHEN NOT EXISTS (SELECT 1 FROM lead) THEN 'lead_not_found'
                            WHEN lead.status IS NOT DISTINCT FROM $6 THEN 'same_status'
                            WHEN lead.status = ANY($21) THEN 'locked'
                            WHEN $22::text[] IS NOT NULL AND NOT coalesce(lead.status = ANY($22), false) THEN 'transition'
                            WHEN human.created_at IS NOT NULL THEN CASE WHEN $26 THEN 'protected_suggest' ELSE 'protected' END
                            WHEN $10 = 'pending_review' THEN 'suggest'
                            ELSE 'apply' END AS step,
                       lead.status, human.actor, human.created_at AS human_at
                FROM (SELECT 1) AS one
                LEFT JOIN lead ON true
                LEFT JOIN human ON true
                WHERE NOT EXISTS (SELECT 1 FROM existing)
            ),
            decided AS (
                SELECT CASE d.step WHEN 'proposed' THEN $10 WHEN 'stale' THEN 'stale' WHEN 'lead_not_found' THEN 'lead_not_found' WHEN 'same_status' THEN 'same_status'
                                   WHEN 'apply' THEN 'applied' WHEN 'suggest' THEN 'pending_review' WHEN 'protected_suggest' THEN 'pending_review'
                                   ELSE 'rejected_by_rule' END AS outcome,
                       CASE d.step WHEN 'proposed' THEN $11 WHEN 'lead_not_found' THEN $15 WHEN 'same_status' THEN $16
                                   WHEN 'locked' THEN format({locked}, d.status)
                                   WHEN 'transition' THEN format({transition}, d.status, $6)
                                   WHEN 'protected' THEN format($24, d.actor, floor(extract(epoch FROM $14 - d.human_at) / 60)::bigint)
                                   WHEN 'protected_suggest' THEN format($24, d.actor, floor(extract(epoch FROM $14 - d.human_at) / 60)::bigint)
                                   ELSE $11 END AS reason,
                       d.status AS previous_status_id
                FROM decision AS d
            ),
            ins AS (
                INSERT INTO {events} (business_id, lead_id, source, source_event_id, recommended_status_label, recommended_status_id,
                                      confidence, outcome, reason, previous_status_id, applied, applied_at, request_fingerprint, created_at,
                                      kind, actor, refers_to_event_id, match_kind, review_state)
                SELECT $1, $2, $3, $4, $5, $6, $8, d.outcome, d.reason, d.previous_status_id,
                       d.outcome = 'applied', CASE WHEN d.outcome = 'applied' THEN $14 END, $9, $14, $17, $18, $19, $20,
                       CASE WHEN d.outcome = 'pending_review' THEN 'pending' END
                FROM decided AS d
                WHERE d.outcome <> 'stale'
                ON CONFLICT (business_id, source, source_event_id) DO NOTHING
                RETURNING id, outcome, previous_status_id, reason
            ),
            supersede AS (
                UPDATE {events} AS s SET review_state = 'superseded'
                FROM ins
                WHERE s.business_id = $1 AND s.lead_id = $2 AND s.review_state = 'pending' AND s.id <> ins.id
                  AND (ins.outcome IN ('applied', 'pending_review') OR ($17 = 'manual_change' AND ins.outcome = 'same_status'))
            ),
            upd AS (
                -- A suggestion and a person's same-status change rewrite the row unchanged: its xmin moves, so an optimistic
                -- statement that waited on this lead answers "stale" and is decided again after the lock.
                UPDATE {leads} AS l SET {status} = CASE WHEN ins.outcome = 'applied' THEN $6 ELSE l.{status} END
                FROM ins
                WHERE l.{businessId} = $1 AND l.{id} = $2
                  AND (ins.outcome IN ('applied', 'pending_review') OR ($17 = 'manual_change' AND ins.outcome = 'same_status'))
                RETURNING ins.id AS event_id, ins.previous_status_id, l.{name}::text AS lead_name, ins.outcome
            ),
            hist AS (
                INSERT INTO {history} (business_id, lead_id, old_status, new_status, source, confidence, reason, created_at)
                SELECT $1, $2, u.previous_status_id, $6, $3, $8, $11, $14
                FROM upd AS u
                WHERE u.outcome = 'applied'
            ),
            box AS (
                INSERT INTO {outbox} (notification_id, event_id, business_id, lead_id, lead_name, previous_status_id, new_status_id,
                                      new_status_label, source, confidence, changed_at, next_attempt_at, created_at, kind)
                SELECT $13, c.event_id, $1, $2, c.lead_name, c.previous_status_id, $6, $7, $3, $8, $14, $14, $14, c.kind
                FROM (SELECT u.event_id, u.lead_name, u.previous_status_id, 'status_changed' AS kind FROM upd AS u WHERE u.outcome = 'applied'
                      UNION ALL
                      SELECT i.id, (SELECT lead.name FROM lead), i.previous_status_id, 'suggestion_pending' FROM ins AS i
                      WHERE i.outcome = 'pending_review') AS c
                WHERE $25
            )
            SELECT true AS inserted, i.id, i.outcome, i.previous_status_id, NULL::text, NULL::text, true, i.reason
            FROM ins AS i
            UNION ALL
            SELECT false, 0, 'stale', NULL::text, NULL::text, NULL::text, false, NULL::text
            FROM decided AS d
            WHERE d.outcome = 'stale'
            UNION ALL
            SELECT false, e.id, e.outcome, e.previous_status_id, e.recommended_status_id, e.recommended_status_label,
                   e.request_fingerprint = $9, NULL::text
            FROM existing AS e
            """;

        var readBack = $"""
            SELECT false, e.id, e.outcome, e.previous_status_id, e.recommended_status_id, e.recommended_status_label, e.request_fingerprint = $4,
                   NULL::text
            FROM {events} AS e
            WHERE e.business_id = $1 AND e.source = $2 AND e.source_event_id = $3
            """;
        return (lockLead, apply, readBack);
    }
}
