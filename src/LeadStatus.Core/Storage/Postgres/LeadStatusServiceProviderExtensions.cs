using LeadStatus;
using LeadStatus.Internal;
using LeadStatus.Storage;
using LeadStatus.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Operations on a built service provider that uses the lead status library.</summary>
public static class LeadStatusServiceProviderExtensions
{
    /// <summary>
    /// Creates or upgrades the library-owned PostgreSQL tables (<c>lead_status_events</c>, <c>lead_status_outbox</c>) in
    /// <see cref="PostgresMappingOptions.Schema"/>: applies each embedded versioned script once, in one transaction under an
    /// advisory lock, so several host instances may call it at once. Host tables (leads, history, statuses) are not touched.
    /// </summary>
    /// <param name="services">The service provider built with <c>AddLeadStatusUpdates().UsePostgres(...)</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The lead status store is not PostgreSQL.</exception>
    public static Task EnsureLeadStatusSchemaAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var dataSource = services.GetService<LeadStatusDataSource>();
        if (dataSource is null || services.GetService<ILeadStatusStore>() is not PostgresLeadStatusStore)
        {
            throw new InvalidOperationException(
                "EnsureLeadStatusSchemaAsync needs the PostgreSQL store: call UsePostgres(connectionString) or UsePostgres(dataSource) on the builder returned by AddLeadStatusUpdates().");
        }

        var schema = services.GetRequiredService<IOptions<LeadStatusOptions>>().Value.Postgres.Schema;
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(Log.Category);
        return PostgresSchemaMigrator.MigrateAsync(dataSource.DataSource, schema, logger, cancellationToken);
    }
}
