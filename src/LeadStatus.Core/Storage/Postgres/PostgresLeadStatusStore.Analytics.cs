using LeadStatus.Analytics;
using Npgsql;
using NpgsqlTypes;

namespace LeadStatus.Storage.Postgres;

/// <content>Analytics: one set-based statement, one round trip (<see cref="AnalyticsSql"/>).</content>
internal sealed partial class PostgresLeadStatusStore : IAnalyticsStore
{
    /// <inheritdoc />
    public async Task<AnalyticsData> ReadAnalyticsAsync(
        long businessId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, TimeSpan correctionWindow, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var command = new NpgsqlCommand(_analyticsSql, connection);
        await using var commandScope = command.ConfigureAwait(false);
        command.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = businessId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = from.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = to.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = now.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { NpgsqlDbType = NpgsqlDbType.Interval, TypedValue = correctionWindow });

        var outcomes = new List<(StatusUpdateOutcome, string, long)>();
        var perDay = new List<DailyCount>();
        var transitions = new List<StatusTransitionCount>();
        var labels = new List<LabelCount>();
        var decisions = new List<DecisionCell>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
            var count = reader.GetInt64(7);
            switch (reader.GetString(0))
            {
                case "o":
                    outcomes.Add((OutcomeCodes.FromCode(reader.GetString(1)), reader.GetString(2), count));
                    break;
                case "d":
                    perDay.Add(new DailyCount(reader.GetFieldValue<DateOnly>(3), count));
                    break;
                case "t":
                    transitions.Add(new StatusTransitionCount(Text(1), reader.GetString(2), count));
                    break;
                case "l":
                    labels.Add(new LabelCount(reader.GetString(1), count));
                    break;
                default:
                    decisions.Add(new DecisionCell(reader.GetString(1), reader.GetString(2), reader.GetInt32(4), reader.GetBoolean(5),
                        (Judgement)reader.GetInt32(6), count, reader.GetDouble(8), reader.GetDouble(9)));
                    break;
            }
        }

        // Each section's order, as the in-memory store gives it (UNION ALL keeps no order between or within sections).
        perDay.Sort((x, y) => x.Day.CompareTo(y.Day));
        transitions.Sort((x, y) => y.Count != x.Count ? y.Count.CompareTo(x.Count)
            : string.CompareOrdinal(x.FromStatusId, y.FromStatusId) is var byFrom and not 0 ? byFrom : string.CompareOrdinal(x.ToStatusId, y.ToStatusId));
        labels.Sort((x, y) => y.Count != x.Count ? y.Count.CompareTo(x.Count) : string.CompareOrdinal(x.Label, y.Label));
        return new AnalyticsData(outcomes, perDay, transitions, labels, decisions);
    }
}
