using LeadStatus.Analytics;
using Npgsql;
using NpgsqlTypes;

namespace LeadStatus.Storage.Postgres;

/// <content>Analytics: five set-based statements in one round trip.</content>
internal sealed partial class PostgresLeadStatusStore : IAnalyticsStore
{
    /// <inheritdoc />
    public async Task<AnalyticsData> ReadAnalyticsAsync(
        long businessId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, TimeSpan correctionWindow, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection);
        await using var batchScope = batch.ConfigureAwait(false);
        foreach (var sql in new[] { _analyticsSql.Outcomes, _analyticsSql.AppliedPerDay, _analyticsSql.Transitions, _analyticsSql.UnknownLabels, _analyticsSql.Decisions })
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = businessId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = from.ToUniversalTime() });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = to.ToUniversalTime() });
            if (ReferenceEquals(sql, _analyticsSql.Decisions))
            {
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = now.ToUniversalTime() });
                command.Parameters.Add(new NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = correctionWindow });
            }

            batch.BatchCommands.Add(command);
        }

        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var outcomes = new List<(StatusUpdateOutcome, string, long)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            outcomes.Add((OutcomeCodes.FromCode(reader.GetString(0)), reader.GetString(1), reader.GetInt64(2)));
        }

        var perDay = new List<DailyCount>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            perDay.Add(new DailyCount(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1)));
        }

        var transitions = new List<StatusTransitionCount>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            transitions.Add(new StatusTransitionCount(reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        var labels = new List<LabelCount>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            labels.Add(new LabelCount(reader.GetString(0), reader.GetInt64(1)));
        }

        var decisions = new List<DecisionCell>();
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            decisions.Add(new DecisionCell(
                reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3), (Judgement)reader.GetInt32(4),
                reader.GetInt64(5), reader.GetDouble(6), reader.GetDouble(7)));
        }

        return new AnalyticsData(outcomes, perDay, transitions, labels, decisions);
    }
}
