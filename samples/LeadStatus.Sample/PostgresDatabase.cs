using Npgsql;

namespace LeadStatus.Sample;

/// <summary>
/// Gets a PostgreSQL database ready for a sample, or says in one sentence what is missing and how to fix it, instead of
/// failing with an unhandled 3D000 (no such database) or 42P01 (no such table). Shared by the console and the web sample.
/// </summary>
internal static class PostgresDatabase
{
    /// <summary>The host tables the samples read and write (the reference schema of <see cref="LeadStatusReferenceSchema"/>).</summary>
    private static readonly string[] SampleTables = ["leads", "lead_statuses", "lead_status_history"];

    /// <summary>
    /// With <paramref name="seed"/>, creates the database when it does not exist; without it, checks that the database and the
    /// sample's tables exist. Returns null when ready, otherwise what to do.
    /// </summary>
    public static async Task<string?> PrepareAsync(string connectionString, bool seed, string command, Action<string> report, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder target;
        try
        {
            target = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            return $"The connection string is not valid: {ex.Message}";
        }

        var database = target.Database ?? target.Username ?? "postgres";
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            if (seed)
            {
                return null;
            }

            var missing = new List<string>();
            foreach (var table in SampleTables)
            {
                await using var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection) { Parameters = { new() { Value = table } } };
                if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
                {
                    missing.Add(table);
                }
            }

            return missing.Count == 0 ? null
                : $"Database \"{database}\" has no {string.Join(", ", missing)} table{(missing.Count > 1 ? "s" : string.Empty)}. " +
                  $"Run once with --seed to create the sample's tables and its two businesses: {command} --postgres \"<the same connection string>\" --seed";
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            if (!seed)
            {
                return $"Database \"{database}\" does not exist on {target.Host}:{target.Port}. Create it (createdb {database}, or CREATE DATABASE \"{database}\"; in psql), " +
                       $"or run with --seed, which creates it and the sample's tables: {command} --postgres \"<the same connection string>\" --seed";
            }

            return await CreateDatabaseAsync(target, database, report, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            return $"Could not connect to PostgreSQL at {target.Host}:{target.Port} as \"{target.Username}\": {ex.Message}. Check the server is running and the connection string.";
        }
    }

    private static async Task<string?> CreateDatabaseAsync(
        NpgsqlConnectionStringBuilder target, string database, Action<string> report, CancellationToken cancellationToken)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            report($"Created database \"{database}\".");
            return null;
        }
        catch (NpgsqlException ex)
        {
            return $"Database \"{database}\" does not exist and could not be created ({ex.Message}). Create it as a user who may (createdb {database}) and run again.";
        }
    }
}
