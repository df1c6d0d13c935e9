using Npgsql;
using NpgsqlTypes;

namespace LeadStatus.Storage.Postgres;

/// <content>The recent-events read: one statement on the (business_id, created_at) index.</content>
internal sealed partial class PostgresLeadStatusStore : IStatusEventReader
{
    /// <summary>Builds the recent-events statement ($1 business, $2 outcome code or null, $3 source or null, $4 limit).</summary>
    private static string BuildRecentEventsSql(string events) =>
        $"""
        SELECT {EventRows.Columns}
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
            rows.Add(EventRows.Read(reader));
        }

        return rows;
    }
}
