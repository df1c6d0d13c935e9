using LeadStatus.Policy;
using Npgsql;
using NpgsqlTypes;

namespace LeadStatus.Storage.Postgres;

/// <content>A person's actions on earlier events (accept, reject, revert) and the review queue.</content>
internal sealed partial class PostgresLeadStatusStore
{
    /// <inheritdoc />
    public async Task<StoreWriteResult?> RecordReviewAsync(ReviewWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection);
        await using (batch.ConfigureAwait(false))
        {
            // As for recommendations: lock the referenced event's lead first, then decide with a snapshot taken after the lock.
            var lockLead = new NpgsqlBatchCommand(_reviewSql.Lock);
            lockLead.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = write.BusinessId });
            lockLead.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = write.RefersToEventId });
            lockLead.Parameters.Add(Text(write.SourceEventId));
            batch.BatchCommands.Add(lockLead);

            var act = new NpgsqlBatchCommand(_reviewSql.Act);
            var p = act.Parameters;
            p.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = write.BusinessId });
            p.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = write.RefersToEventId });
            p.Add(Text(write.SourceEventId));
            p.Add(Text(write.Kind switch
            {
                LeadStatusEventKind.SuggestionAccepted => "accept",
                LeadStatusEventKind.SuggestionRejected => "reject",
                LeadStatusEventKind.Revert => "revert",
                _ => throw new ArgumentOutOfRangeException(nameof(write), write.Kind, "Not a review action."),
            }));
            p.Add(Text(write.RequestFingerprint));
            p.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = write.Now.ToUniversalTime() });
            p.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = write.SuggestionsSince.ToUniversalTime() });
            p.Add(TextArray(write.CatalogStatusIds));
            p.Add(TextArray(write.CatalogStatusLabels));
            p.Add(TextArray(write.LockedStatuses));
            p.Add(TextArray(write.TransitionTargets));
            p.Add(TextArray(write.TransitionSources));
            p.Add(Text(EventCodes.ToCode(write.Kind)));
            p.Add(Text(write.Actor));
            p.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid, TypedValue = write.NotificationId });
            p.Add(Text(StoreReasons.LeadNotFound));
            batch.BatchCommands.Add(act);

            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var kind = reader.GetString(0);
                    if (kind == "missing")
                    {
                        return null;
                    }

                    var result = ReadReviewRow(reader, kind == "inserted");
                    if (kind == "inserted" && result.Outcome is StatusUpdateOutcome.Applied or StatusUpdateOutcome.Reverted)
                    {
                        _wakeUp?.Signal();
                    }

                    return result;
                }
            }
        }

        // Race path: the same action committed while this one waited (see RecordAsync).
        var readBack = new NpgsqlCommand(_readBackSql, connection);
        await using (readBack.ConfigureAwait(false))
        {
            readBack.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = write.BusinessId });
            readBack.Parameters.Add(Text(ReviewWrite.Source));
            readBack.Parameters.Add(Text(write.SourceEventId));
            readBack.Parameters.Add(Text(write.RequestFingerprint));
            var reader = await readBack.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return ReadReviewRow(reader, inserted: false);
            }
        }

        throw new InvalidOperationException(
            $"The review action '{write.SourceEventId}' of business {write.BusinessId} was neither recorded nor found; was it deleted concurrently?");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StatusSuggestion>> GetPendingSuggestionsAsync(long businessId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand(_reviewSql.Pending, connection);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = businessId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = since.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = limit });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var suggestions = new List<StatusSuggestion>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            suggestions.Add(new StatusSuggestion(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), reader.GetDouble(7), reader.GetFieldValue<DateTimeOffset>(8)));
        }

        return suggestions;
    }

    /// <summary>Reads a review row: <c>row_kind/inserted, id, outcome, previous_status_id, status_id, label, same_fingerprint, reason</c>.</summary>
    private static StoreWriteResult ReadReviewRow(NpgsqlDataReader reader, bool inserted)
    {
        var eventId = reader.GetInt64(1);
        var recorded = OutcomeCodes.FromCode(reader.GetString(2));
        var previous = reader.IsDBNull(3) ? null : reader.GetString(3);
        var statusId = reader.IsDBNull(4) ? null : reader.GetString(4);
        var label = reader.IsDBNull(5) ? null : reader.GetString(5);
        var outcome = inserted ? recorded
            : reader.GetBoolean(6) ? StatusUpdateOutcome.AlreadyProcessed : StatusUpdateOutcome.IdempotencyKeyConflict;
        return new StoreWriteResult(outcome, eventId, previous, statusId, label, recorded, inserted ? reader.GetString(7) : null);
    }
}
