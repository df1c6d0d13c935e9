using Npgsql;

namespace LeadStatus.Storage.Postgres;

/// <summary>Reads <c>lead_status_events</c> rows as <see cref="LeadStatusEventRecord"/>s: one column list, one reader.</summary>
internal static class EventRows
{
    /// <summary>The columns <see cref="Read"/> expects, in order, qualified with the alias <c>e</c>.</summary>
    public const string Columns =
        "e.id, e.business_id, e.lead_id, e.source, e.source_event_id, e.recommended_status_label, e.recommended_status_id, e.confidence, " +
        "e.outcome, e.reason, e.previous_status_id, e.applied, e.applied_at, e.created_at, e.kind, e.actor, e.refers_to_event_id, " +
        "e.match_kind, e.review_state";

    /// <summary>Reads the current row, selected with <see cref="Columns"/>.</summary>
    public static LeadStatusEventRecord Read(NpgsqlDataReader reader) => new(
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
    };
}
