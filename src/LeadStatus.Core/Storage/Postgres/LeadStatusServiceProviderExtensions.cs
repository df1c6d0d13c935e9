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
    /// advisory lock, so several host instances may call it at once. A fresh schema gets <c>lead_status_events</c> and
    /// <c>lead_status_outbox</c> hash-partitioned by <c>business_id</c> when <see cref="PostgresMappingOptions.EventPartitions"/> is above
    /// 0, plain tables otherwise. When the schema is already current it only reads its version and the tables' layout (no lock, no DDL),
    /// so a role with data rights alone may call it. Then it verifies the mapped host tables (leads, history and,
    /// with the PostgreSQL catalog, statuses): they must exist with usable column types and the role must hold the privileges the
    /// library uses. Host tables are never created or altered.
    /// </summary>
    /// <param name="services">The service provider built with <c>AddLeadStatusUpdates().UsePostgres(...)</c>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="InvalidOperationException">
    /// The lead status store is not PostgreSQL, the mapping does not match the database, or the library's tables are partitioned
    /// otherwise than <see cref="PostgresMappingOptions.EventPartitions"/> says (the message names each option and what was found).
    /// </exception>
    public static async Task EnsureLeadStatusSchemaAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var dataSource = services.GetService<LeadStatusDataSource>();
        if (dataSource is null || services.GetService<ILeadStatusStore>() is not PostgresLeadStatusStore)
        {
            throw new InvalidOperationException(
                "EnsureLeadStatusSchemaAsync needs the PostgreSQL store: call UsePostgres(connectionString) or UsePostgres(dataSource) on the builder returned by AddLeadStatusUpdates().");
        }

        var mapping = services.GetRequiredService<IOptions<LeadStatusOptions>>().Value.Postgres;
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(Log.Category);
        await PostgresSchemaMigrator.MigrateAsync(dataSource.DataSource, mapping, logger, cancellationToken).ConfigureAwait(false);
        await PostgresMappingVerifier.VerifyAsync(
            dataSource.DataSource, mapping, includeStatuses: services.GetService<IStatusCatalog>() is PostgresStatusCatalog, cancellationToken).ConfigureAwait(false);
    }
}
