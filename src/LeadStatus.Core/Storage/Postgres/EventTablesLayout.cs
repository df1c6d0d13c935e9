using Dapper;
using Npgsql;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// How <c>lead_status_events</c> and <c>lead_status_outbox</c> are laid out in a schema (plain, or hash-partitioned by
/// <c>business_id</c> into some number of partitions), and the check that it is what <see cref="PostgresMappingOptions.EventPartitions"/> says.
/// </summary>
internal sealed class EventTablesLayout
{
    private const string HashByBusiness = "HASH (business_id)";

    private const string Sql = """
        SELECT c.relname AS Name, c.relkind = 'p' AS Partitioned, pg_get_partkeydef(c.oid) AS PartitionKey,
               (SELECT count(*) FROM pg_inherits AS i WHERE i.inhparent = c.oid)::integer AS Partitions
        FROM pg_class AS c
        WHERE c.relnamespace = (SELECT n.oid FROM pg_namespace AS n WHERE n.nspname = @Schema)
          AND c.relname = ANY (@Tables)
        ORDER BY c.relname
        """;

    private static readonly string[] TableNames = ["lead_status_events", "lead_status_outbox"];

    private readonly IReadOnlyList<Table> _tables;

    private EventTablesLayout(IReadOnlyList<Table> tables) => _tables = tables;

    /// <summary>Reads the layout; null when neither table exists yet (a fresh schema, created the way the option says).</summary>
    public static async Task<EventTablesLayout?> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, CancellationToken cancellationToken)
    {
        var tables = (await connection.QueryAsync<Table>(new CommandDefinition(
            Sql, new { Schema = schema, Tables = TableNames }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        return tables.Count == 0 ? null : new EventTablesLayout(tables);
    }

    /// <summary>Throws when the tables are not laid out as <paramref name="partitions"/> says (0: plain tables).</summary>
    /// <exception cref="InvalidOperationException">The layout differs; the message names the option, what the database has and what to do.</exception>
    public void EnsureMatches(string schema, int partitions)
    {
        var layouts = TableNames.Select(name => _tables.FirstOrDefault(table => table.Name == name)?.Layout).ToArray();
        if (layouts.All(layout => layout == partitions))
        {
            return;
        }

        var wanted = partitions == 0 ? "plain tables" : $"tables hash-partitioned by business_id into {partitions} partitions";
        var found = string.Join(" and ", TableNames.Select(name => $"{name} is {_tables.FirstOrDefault(table => table.Name == name)?.Describe() ?? "missing"}"));
        var advice = layouts[0] is { } layout && layouts[1] == layout
            ? $"Set LeadStatusOptions.Postgres.EventPartitions to {layout} to use the schema as it is. How an existing schema is partitioned " +
              "is chosen when it is created; changing it is a data migration (docs/SCALING.md, \"Converting an existing schema\")."
            : "The library uses lead_status_events and lead_status_outbox either both plain or both hash-partitioned by business_id with " +
              "the same number of partitions; fix the schema (docs/SCALING.md, \"Converting an existing schema\").";
        throw new InvalidOperationException(
            $"LeadStatusOptions.Postgres.EventPartitions is {partitions} ({wanted}), but in schema '{schema}' {found}. {advice}");
    }

    /// <summary>One table's row of the catalog query.</summary>
    private sealed record Table(string Name, bool Partitioned, string? PartitionKey, int Partitions)
    {
        /// <summary>The number of partitions the option would need for this table (0: plain), or null when the option cannot describe it.</summary>
        public int? Layout =>
            !Partitioned ? 0 : Partitions > 0 && string.Equals(PartitionKey, HashByBusiness, StringComparison.Ordinal) ? Partitions : null;

        public string Describe() => Layout switch
        {
            0 => "a plain table",
            { } partitions => $"hash-partitioned by business_id into {partitions} partitions",
            null => $"partitioned by {PartitionKey} into {Partitions} partitions",
        };
    }
}
