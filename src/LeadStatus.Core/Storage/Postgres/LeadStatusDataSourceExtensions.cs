using LeadStatus.Storage.Postgres;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Shares the library's PostgreSQL data source with the host.</summary>
public static class LeadStatusDataSourceExtensions
{
    /// <summary>
    /// Gets the <see cref="NpgsqlDataSource"/> the lead status store uses: the one <c>UsePostgres(connectionString)</c> built
    /// (owned by the container: do not dispose it) or the host's own. Use it for the host's queries or for
    /// <see cref="LeadStatus.LeadStatusReferenceSchema.CreateAsync"/> instead of opening a second connection pool.
    /// </summary>
    /// <param name="services">The service provider built with <c>AddLeadStatusUpdates().UsePostgres(...)</c>.</param>
    /// <returns>The data source.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No PostgreSQL store is configured.</exception>
    public static NpgsqlDataSource GetLeadStatusDataSource(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return (services.GetService<LeadStatusDataSource>() ?? throw new InvalidOperationException(
            "The lead status library has no PostgreSQL data source: call UsePostgres(...) on the builder returned by AddLeadStatusUpdates().")).DataSource;
    }
}
