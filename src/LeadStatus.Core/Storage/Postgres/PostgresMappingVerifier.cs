using Dapper;
using Npgsql;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// Verifies that the host tables and columns named in <see cref="PostgresMappingOptions"/> exist with usable types and that the
/// current role may use them, so a misconfigured mapping fails at start-up with a message naming the option and what the
/// database has, instead of every call failing with <c>42P01</c> or <c>42703</c>.
/// </summary>
/// <remarks>
/// Names are resolved exactly as the library's statements resolve them (quoted, so case-sensitive; unqualified names through the
/// connection's <c>search_path</c>); when a name is not found, a case-insensitive look-up suggests the name the database has.
/// Read-only: it queries <c>pg_catalog</c> and needs no privilege beyond connecting.
/// </remarks>
internal static class PostgresMappingVerifier
{
    private const string Prefix = "LeadStatusOptions.Postgres.";

    private const string ResolveSql = "SELECT to_regclass(@Name)::oid::bigint";

    private const string SimilarTablesSql = """
        SELECT n.nspname AS Schema, c.relname AS Name, pg_table_is_visible(c.oid) AS Visible
        FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'f', 'm') AND lower(c.relname) = lower(@Table)
          AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
        ORDER BY (lower(n.nspname) = lower(coalesce(@Schema::text, n.nspname))) DESC, pg_table_is_visible(c.oid) DESC, n.nspname
        LIMIT 1
        """;

    private const string ColumnsSql = """
        SELECT a.attname AS Name, format_type(a.atttypid, a.atttypmod) AS Type, b.typname AS BaseType, b.typcategory::text AS Category,
               e.typcategory::text AS ElementCategory, a.attnotnull AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = '' AS Required
        FROM pg_attribute AS a
        JOIN pg_type AS t ON t.oid = a.atttypid
        JOIN pg_type AS b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
        LEFT JOIN pg_type AS e ON e.oid = b.typelem AND b.typcategory = 'A'
        WHERE a.attrelid = @Oid::oid AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    private const string PrivilegeSql = "SELECT has_table_privilege(@Oid::oid, @Privilege)";

    /// <summary>The history columns the library writes (the history table's column names are not configurable).</summary>
    private static readonly string[] HistoryColumns = ["business_id", "lead_id", "old_status", "new_status", "source", "confidence", "reason", "created_at"];

    /// <summary>Verifies the mapping and throws one exception listing every problem found.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="mapping">The mapping to verify.</param>
    /// <param name="includeStatuses">Whether the statuses table is read by the library (the PostgreSQL catalog is in use).</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    /// <exception cref="InvalidOperationException">A mapped table or column is missing, has an unusable type, or the role lacks a privilege.</exception>
    public static async Task VerifyAsync(NpgsqlDataSource dataSource, PostgresMappingOptions mapping, bool includeStatuses, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var problems = new List<string>();

        await VerifyTableAsync(connection, "LeadsTable", mapping.LeadsTable, "SELECT, UPDATE",
            [
                new("LeadIdColumn", mapping.LeadIdColumn, ColumnKind.Integer),
                new("LeadBusinessIdColumn", mapping.LeadBusinessIdColumn, ColumnKind.Integer),
                new("LeadNameColumn", mapping.LeadNameColumn, ColumnKind.Any),
                new("LeadStatusColumn", mapping.LeadStatusColumn, ColumnKind.Text),
            ],
            writesRows: false, problems, cancellationToken).ConfigureAwait(false);

        await VerifyTableAsync(connection, "HistoryTable", mapping.HistoryTable, "INSERT",
            [
                new(null, "business_id", ColumnKind.Integer),
                new(null, "lead_id", ColumnKind.Integer),
                new(null, "old_status", ColumnKind.Text),
                new(null, "new_status", ColumnKind.Text),
                new(null, "source", ColumnKind.Text),
                new(null, "confidence", ColumnKind.Number),
                new(null, "reason", ColumnKind.Text),
                new(null, "created_at", ColumnKind.Timestamp),
            ],
            writesRows: true, problems, cancellationToken).ConfigureAwait(false);

        if (includeStatuses)
        {
            await VerifyTableAsync(connection, "StatusesTable", mapping.StatusesTable, "SELECT",
                [
                    new(null, "business_id", ColumnKind.Integer),
                    new(null, "status_id", ColumnKind.Any),
                    new(null, "label", ColumnKind.Any),
                    new(null, "aliases", ColumnKind.TextArray),
                ],
                writesRows: false, problems, cancellationToken).ConfigureAwait(false);
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL mapping does not match database '{connection.Database}' (as role '{connection.UserName}'): " + string.Join(" ", problems));
        }
    }

    private static async Task VerifyTableAsync(
        NpgsqlConnection connection, string option, string table, string privileges, ColumnRule[] columns, bool writesRows,
        List<string> problems, CancellationToken cancellationToken)
    {
        var quoted = PgIdentifier.QuoteTable(table, Prefix + option);
        var oid = await connection.ExecuteScalarAsync<long?>(
            new CommandDefinition(ResolveSql, new { Name = quoted }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (oid is not { } relation)
        {
            problems.Add($"{Prefix}{option} '{table}' does not exist{await SuggestTableAsync(connection, table, cancellationToken).ConfigureAwait(false)}");
            return;
        }

        var actual = (await connection.QueryAsync<Column>(
            new CommandDefinition(ColumnsSql, new { Oid = relation }, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        foreach (var rule in columns)
        {
            var column = actual.Find(c => string.Equals(c.Name, rule.Name, StringComparison.Ordinal));
            var what = rule.Option is null ? $"{Prefix}{option} '{table}' needs a column '{rule.Name}'" : $"{Prefix}{rule.Option} '{rule.Name}'";
            if (column is null)
            {
                var similar = actual.Find(c => string.Equals(c.Name, rule.Name, StringComparison.OrdinalIgnoreCase));
                problems.Add(rule.Option is null
                    ? $"{what}; it has none{(similar is null ? string.Empty : $" (did you mean '{similar.Name}'? names are case-sensitive)")}."
                    : $"{what} is not a column of {Prefix}{option} '{table}'{(similar is null ? "." : $"; did you mean '{similar.Name}'?")}");
            }
            else if (!IsUsable(rule.Kind, column))
            {
                problems.Add($"{(rule.Option is null ? $"{Prefix}{option} '{table}' column '{rule.Name}'" : $"{what} of '{table}'")} is {column.Type}; it must be {Describe(rule.Kind)}.");
            }
        }

        if (writesRows)
        {
            foreach (var column in actual.Where(c => c.Required && !HistoryColumns.Contains(c.Name, StringComparer.Ordinal)))
            {
                problems.Add($"{Prefix}{option} '{table}' has a column '{column.Name}' that is NOT NULL without a default, which the library does not write.");
            }
        }

        foreach (var privilege in privileges.Split(", "))
        {
            var granted = await connection.ExecuteScalarAsync<bool>(
                new CommandDefinition(PrivilegeSql, new { Oid = relation, Privilege = privilege }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (!granted)
            {
                problems.Add($"The role '{connection.UserName}' lacks {privilege} on {Prefix}{option} '{table}'.");
            }
        }
    }

    private static async Task<string> SuggestTableAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        var dot = table.IndexOf('.', StringComparison.Ordinal);
        var schema = dot < 0 ? null : table[..dot];
        var name = dot < 0 ? table : table[(dot + 1)..];
        var similar = await connection.QueryFirstOrDefaultAsync<SimilarTable>(
            new CommandDefinition(SimilarTablesSql, new { Table = name, Schema = schema }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (similar is null)
        {
            return " (no table or view of that name in any schema, in any letter case).";
        }

        var suggestion = schema is null && similar.Visible ? similar.Name : similar.Schema + "." + similar.Name;
        return $"; did you mean '{suggestion}'?";
    }

    private static bool IsUsable(ColumnKind kind, Column column) => kind switch
    {
        ColumnKind.Integer => column.BaseType is "int2" or "int4" or "int8" or "numeric",
        ColumnKind.Text => column.Category == "S",
        ColumnKind.Number => column.Category == "N",
        ColumnKind.Timestamp => column.BaseType is "timestamptz" or "timestamp",
        ColumnKind.TextArray => column.Category == "A" && column.ElementCategory == "S",
        _ => true,
    };

    private static string Describe(ColumnKind kind) => kind switch
    {
        ColumnKind.Integer => "an integer type (bigint, integer, smallint or numeric)",
        ColumnKind.Text => "a text type (text, varchar or char)",
        ColumnKind.Number => "a numeric type (double precision, real or numeric)",
        ColumnKind.Timestamp => "timestamptz (or timestamp)",
        ColumnKind.TextArray => "a text array (text[] or varchar[])",
        _ => "any type",
    };

    private enum ColumnKind
    {
        Any,
        Integer,
        Text,
        Number,
        Timestamp,
        TextArray,
    }

    /// <summary>A column the library needs: the option naming it (null when the name is fixed), its name and the kind of type it must have.</summary>
    private sealed record ColumnRule(string? Option, string Name, ColumnKind Kind);

    /// <summary>A column as <c>pg_attribute</c> describes it.</summary>
    private sealed class Column
    {
        public string Name { get; set; } = string.Empty;

        public string Type { get; set; } = string.Empty;

        public string BaseType { get; set; } = string.Empty;

        public string Category { get; set; } = string.Empty;

        public string? ElementCategory { get; set; }

        public bool Required { get; set; }
    }

    /// <summary>A table whose name matches case-insensitively.</summary>
    private sealed class SimilarTable
    {
        public string Schema { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public bool Visible { get; set; }
    }
}
