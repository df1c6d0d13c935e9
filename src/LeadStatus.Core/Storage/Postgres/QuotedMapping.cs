namespace LeadStatus.Storage.Postgres;

/// <summary>The library's tables and the host's mapped tables and columns, validated and quoted once, for the statements built from them.</summary>
/// <param name="Events">The library's events table, schema-qualified.</param>
/// <param name="Outbox">The library's outbox table, schema-qualified.</param>
/// <param name="Leads">The host's leads table.</param>
/// <param name="History">The host's history table.</param>
/// <param name="Id">The leads table's id column.</param>
/// <param name="BusinessId">The leads table's business id column.</param>
/// <param name="Name">The leads table's name column.</param>
/// <param name="Status">The leads table's status column.</param>
internal sealed record QuotedMapping(
    string Events, string Outbox, string Leads, string History, string Id, string BusinessId, string Name, string Status)
{
    /// <summary>Validates and quotes the mapping.</summary>
    /// <exception cref="ArgumentException">A name is not an SQL identifier; the message names the option.</exception>
    public static QuotedMapping From(PostgresMappingOptions mapping)
    {
        var schema = PgIdentifier.Quote(mapping.Schema, "LeadStatusOptions.Postgres.Schema");
        return new QuotedMapping(
            schema + ".lead_status_events",
            schema + ".lead_status_outbox",
            PgIdentifier.QuoteTable(mapping.LeadsTable, "LeadStatusOptions.Postgres.LeadsTable"),
            PgIdentifier.QuoteTable(mapping.HistoryTable, "LeadStatusOptions.Postgres.HistoryTable"),
            PgIdentifier.Quote(mapping.LeadIdColumn, "LeadStatusOptions.Postgres.LeadIdColumn"),
            PgIdentifier.Quote(mapping.LeadBusinessIdColumn, "LeadStatusOptions.Postgres.LeadBusinessIdColumn"),
            PgIdentifier.Quote(mapping.LeadNameColumn, "LeadStatusOptions.Postgres.LeadNameColumn"),
            PgIdentifier.Quote(mapping.LeadStatusColumn, "LeadStatusOptions.Postgres.LeadStatusColumn"));
    }
}
