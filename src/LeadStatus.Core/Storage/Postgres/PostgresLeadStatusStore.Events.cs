using Npgsql;
using NpgsqlTypes;

namespace LeadStatus.Storage.Postgres;

/// <content>The recent-events read: one statement on the (business_id, created_at) index.</content>
internal sealed partial class PostgresLeadStatusStore : IStatusEventReader
{
    /// <summary>Builds the recent-events statement ($1 business, $2 outcome code or null, $3 source or null, $4 limit).</summary>
    private static string BuildRecentEventsSql(string events) =>
        $"""
        SELECT e.id, e.business_id, e.lead_id, e.source, e.source_event_id, e.recommended_status_label, e.recommended_status_id, e.confidence,
               e.outcome, e.reason, e.previous_status_id, e.applied, e.applied_at, e.created_at, e.kind, e.actor, e.refers_to_event_id,
               e.match_kind, e.review_state
        FROM {events} AS e
        WHERE e.business_id = $1 AND ($2::text IS NULL OR e.outcome = $2) AND ($3::text IS NULL OR e.source = $3)
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT $4
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyList<LeadStatusEventRecord>> GetRecentEventsAsync(
        long businessId, StatusUpdateOutcome? outcome = null, string? source = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(businessId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 1000);
        var command = _dataSource.CreateCommand(_recentEventsSql);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = businessId });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = outcome is { } o ? OutcomeCodes.ToCode(o) : DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = source is null ? DBNull.Value : source });
        command.Parameters.Add(new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer, TypedValue = limit });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var rows = new List<LeadStatusEventRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new LeadStatusEventRecord(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetDouble(7),
                OutcomeCodes.FromCode(reader.GetString(8)), reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.GetBoolean(11), reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12), reader.GetFieldValue<DateTimeOffset>(13))
            {
                Kind = EventCodes.KindFromCode(reader.GetString(14)),
                Actor = reader.IsDBNull(15) ? null : reader.GetString(15),
                RefersToEventId = reader.IsDBNull(16) ? null : reader.GetInt64(16),
                MatchKind = EventCodes.MatchFromCode(reader.IsDBNull(17) ? null : reader.GetString(17)),
                ReviewState = EventCodes.StateFromCode(reader.IsDBNull(18) ? null : reader.GetString(18)),
            });
        }

        return rows;
    }
}
