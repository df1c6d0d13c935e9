using LeadStatus.Storage;
using LeadStatus.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LeadStatus.Health;

/// <summary>
/// The database is reachable, the library's schema is at the version this build needs, and the host tables it writes
/// (leads, history) exist. On the in-memory store there is nothing to check.
/// </summary>
internal sealed class LeadStatusDatabaseHealthCheck(IServiceProvider services, IOptions<LeadStatusOptions> options) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (services.GetService<ILeadStatusStore>() is not PostgresLeadStatusStore)
        {
            return HealthCheckResult.Healthy("The lead status store is in memory: no database to check.");
        }

        var mapping = options.Value.Postgres;
        var required = PostgresSchemaMigrator.Scripts.Count == 0 ? 0 : PostgresSchemaMigrator.Scripts[^1].Version;
        var data = new Dictionary<string, object> { ["schema"] = mapping.Schema, ["required_version"] = required };
        try
        {
            var dataSource = services.GetRequiredService<LeadStatusDataSource>().DataSource;
            return await CheckAsync(dataSource, mapping, required, data, context.Registration.FailureStatus, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"The lead status database is not reachable: {ex.Message}", ex, data);
        }
    }

    private static async Task<HealthCheckResult> CheckAsync(
        NpgsqlDataSource dataSource,
        PostgresMappingOptions mapping,
        int required,
        Dictionary<string, object> data,
        HealthStatus failureStatus,
        CancellationToken cancellationToken)
    {
        var schema = PgIdentifier.Quote(mapping.Schema, "LeadStatusOptions.Postgres.Schema");
        var missing = new List<string>();
        var tables = dataSource.CreateCommand("SELECT to_regclass($1) IS NOT NULL, to_regclass($2) IS NOT NULL, to_regclass($3) IS NOT NULL");
        await using (tables.ConfigureAwait(false))
        {
            tables.Parameters.Add(new NpgsqlParameter { Value = $"{schema}.lead_status_schema_migrations" });
            tables.Parameters.Add(new NpgsqlParameter { Value = PgIdentifier.QuoteTable(mapping.LeadsTable, "LeadStatusOptions.Postgres.LeadsTable") });
            tables.Parameters.Add(new NpgsqlParameter { Value = PgIdentifier.QuoteTable(mapping.HistoryTable, "LeadStatusOptions.Postgres.HistoryTable") });
            var reader = await tables.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using var readerScope = reader.ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (!reader.GetBoolean(0))
            {
                return new HealthCheckResult(
                    failureStatus,
                    $"The lead status schema is missing in \"{mapping.Schema}\": call EnsureLeadStatusSchemaAsync() at start-up or run the embedded scripts.",
                    data: data);
            }

            if (!reader.GetBoolean(1))
            {
                missing.Add(mapping.LeadsTable);
            }

            if (!reader.GetBoolean(2))
            {
                missing.Add(mapping.HistoryTable);
            }
        }

        var version = dataSource.CreateCommand($"SELECT coalesce(max(version), 0) FROM {schema}.lead_status_schema_migrations");
        await using var versionScope = version.ConfigureAwait(false);
        var current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        data["version"] = current;
        if (current < required)
        {
            return new HealthCheckResult(
                failureStatus,
                $"The lead status schema is at version {current}; this build needs {required}: call EnsureLeadStatusSchemaAsync() or run the newer scripts.",
                data: data);
        }

        if (missing.Count > 0)
        {
            return new HealthCheckResult(
                failureStatus, $"Host tables the library writes are missing: {string.Join(", ", missing)} (see LeadStatusOptions.Postgres).", data: data);
        }

        return HealthCheckResult.Healthy(
            current == required ? $"Database reachable; schema at version {current}." : $"Database reachable; schema at version {current}, newer than this build's {required}.",
            data);
    }
}
