using System.Globalization;
using System.Reflection;
using Dapper;
using LeadStatus.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// Applies the embedded, versioned scripts (<c>LeadStatus.Sql.NNN_name.sql</c>) in order, each once, in one transaction
/// under a transaction-scoped advisory lock, so several host instances starting at once end with one correct schema.
/// </summary>
/// <remarks>
/// With <see cref="PostgresMappingOptions.EventPartitions"/> N &gt; 0, a fresh schema gets version 1 from
/// <c>LeadStatus.Sql.Partitioned.001_initial.sql</c> instead (the same tables, hash-partitioned by <c>business_id</c> into N
/// partitions); later scripts apply to both layouts unchanged. An existing schema laid out otherwise than the option says is refused.
/// </remarks>
internal static class PostgresSchemaMigrator
{
    /// <summary>The advisory lock key every instance takes before migrating ("LeadStat" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x4C65616453746174;

    private const string ResourcePrefix = "LeadStatus.Sql.";

    /// <summary>The partitioned replacement of version 1 (not matched by <see cref="FindScripts"/>: its name does not start with a version).</summary>
    internal const string PartitionedInitialScript = "LeadStatus.Sql.Partitioned.001_initial.sql";

    /// <summary>Gets the embedded scripts, ordered by version.</summary>
    public static IReadOnlyList<(int Version, string Name)> Scripts { get; } = FindScripts();

    /// <summary>
    /// Creates the schema if needed and applies every script not yet recorded in <c>lead_status_schema_migrations</c>.
    /// When every script is already recorded it reads that and the tables' layout and nothing else: no lock and no DDL, so an
    /// application role with only data rights (USAGE on the schema, SELECT/INSERT/UPDATE/DELETE on the tables) can call it on a
    /// schema a migration role created.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The tables exist laid out otherwise than <see cref="PostgresMappingOptions.EventPartitions"/> says (plain or partitioned).
    /// </exception>
    public static async Task MigrateAsync(NpgsqlDataSource dataSource, PostgresMappingOptions mapping, ILogger logger, CancellationToken cancellationToken)
    {
        var schema = mapping.Schema;
        var partitions = mapping.EventPartitions;
        var quoted = PgIdentifier.Quote(schema, "LeadStatusOptions.Postgres.Schema");
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        if (await ReadCurrentVersionAsync(connection, quoted, cancellationToken).ConfigureAwait(false) is { } upToDate)
        {
            (await EventTablesLayout.ReadAsync(connection, null, schema, cancellationToken).ConfigureAwait(false))?.EnsureMatches(schema, partitions);
            Log.SchemaUpToDate(logger, schema, upToDate);
            return;
        }

        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var transactionScope = transaction.ConfigureAwait(false);

        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@Key)", new { Key = AdvisoryLockKey }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            CREATE SCHEMA IF NOT EXISTS {quoted};
            SET LOCAL search_path TO {quoted};
            CREATE TABLE IF NOT EXISTS lead_status_schema_migrations (
                version    integer     NOT NULL PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM lead_status_schema_migrations", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToHashSet();

        // Never a silent mismatch: tables that exist must be laid out as the option says before anything is added to them.
        var layout = await EventTablesLayout.ReadAsync(connection, transaction, schema, cancellationToken).ConfigureAwait(false);
        layout?.EnsureMatches(schema, partitions);
        var partitionFresh = layout is null && partitions > 0;
        if (partitionFresh)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT set_config('leadstatus.partitions', @Partitions, true)",
                new { Partitions = partitions.ToString(CultureInfo.InvariantCulture) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var current = applied.Count == 0 ? 0 : applied.Max();
        foreach (var (version, script) in Scripts)
        {
            if (applied.Contains(version))
            {
                continue;
            }

            var name = version == 1 && partitionFresh ? PartitionedInitialScript : script;
            await connection.ExecuteAsync(new CommandDefinition(
                ReadScript(name), transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO lead_status_schema_migrations (version) VALUES (@Version)", new { Version = version }, transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            Log.SchemaScriptApplied(logger, version, name, schema);
            current = Math.Max(current, version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Log.SchemaUpToDate(logger, schema, current);
    }

    /// <summary>Returns the schema's version when every embedded script is recorded as applied, otherwise null (something to do).</summary>
    private static async Task<int?> ReadCurrentVersionAsync(NpgsqlConnection connection, string quotedSchema, CancellationToken cancellationToken)
    {
        var table = quotedSchema + ".lead_status_schema_migrations";
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT to_regclass(@Table) IS NOT NULL", new { Table = table }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (!exists)
        {
            return null;
        }

        var applied = (await connection.QueryAsync<int>(new CommandDefinition(
            $"SELECT version FROM {table}", cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet();
        return Scripts.All(script => applied.Contains(script.Version)) ? (applied.Count == 0 ? 0 : applied.Max()) : null;
    }

    /// <summary>Reads an embedded script by its resource name.</summary>
    public static string ReadScript(string resourceName)
    {
        using var stream = typeof(PostgresSchemaMigrator).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded script '{resourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static List<(int Version, string Name)> FindScripts()
    {
        var scripts = new List<(int Version, string Name)>();
        foreach (var name in typeof(PostgresSchemaMigrator).Assembly.GetManifestResourceNames())
        {
            // LeadStatus.Sql.001_initial.sql
            if (name.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                && name.EndsWith(".sql", StringComparison.Ordinal)
                && name.Length > ResourcePrefix.Length + 4
                && name[ResourcePrefix.Length + 3] == '_'
                && int.TryParse(name.AsSpan(ResourcePrefix.Length, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                scripts.Add((version, name));
            }
        }

        scripts.Sort(static (x, y) => x.Version.CompareTo(y.Version));
        return scripts;
    }
}
