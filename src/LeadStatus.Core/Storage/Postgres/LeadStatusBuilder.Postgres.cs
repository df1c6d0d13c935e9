using LeadStatus.Notifications;
using LeadStatus.Storage;
using LeadStatus.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LeadStatus;

/// <content>The PostgreSQL store, outbox and catalog.</content>
public sealed partial class LeadStatusBuilder
{
    /// <summary>The <c>Max Auto Prepare</c> the library sets on data sources it builds, unless the connection string sets one.</summary>
    internal const int DefaultMaxAutoPrepare = 32;

    /// <summary>
    /// Stores events, the lead change, history and the outbox in PostgreSQL through a data source the library builds from
    /// <paramref name="connectionString"/>, owns and disposes with the container; uses the PostgreSQL status catalog
    /// (<see cref="PostgresMappingOptions.StatusesTable"/>) unless another catalog is configured.
    /// </summary>
    /// <param name="connectionString">
    /// An Npgsql connection string. Unless it sets <c>Max Auto Prepare</c>, the library sets it to 32 so the apply
    /// statement is prepared server-side after its second use on a connection; unless it sets <c>No Reset On Close</c>,
    /// the library sets it to true (the library's connections carry no session state to reset).
    /// </param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connectionString"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty, blank or not a valid connection string.</exception>
    public LeadStatusBuilder UsePostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The PostgreSQL connection string is not valid: {ex.Message}", nameof(connectionString), ex);
        }

        if (parsed.MaxAutoPrepare == 0)
        {
            parsed.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!SetsKey(connectionString, "noresetonclose"))
        {
            // The library leaves no session state on pooled connections (SET LOCAL, transaction-scoped advisory locks, the
            // LISTEN connection unlistens before it is returned), so the reset Npgsql would otherwise prepend to the next
            // command on every pooled open (CLOSE ALL, RESET ALL, DISCARD ..., 7 statements) is pure overhead on the hot path.
            parsed.NoResetOnClose = true;
        }

        var finalConnectionString = parsed.ConnectionString;
        return UsePostgresCore(sp =>
        {
            var builder = new NpgsqlDataSourceBuilder(finalConnectionString);
            if (sp.GetService<ILoggerFactory>() is { } loggerFactory)
            {
                builder.UseLoggerFactory(loggerFactory);
            }

            return new LeadStatusDataSource(builder.Build(), owned: true);
        });
    }

    /// <summary>
    /// Stores events, the lead change, history and the outbox in PostgreSQL through the host's <paramref name="dataSource"/>,
    /// which the host owns and disposes; uses the PostgreSQL status catalog unless another catalog is configured.
    /// </summary>
    /// <param name="dataSource">The host's data source. Consider <c>Max Auto Prepare</c> in its connection string: the apply statement benefits from server-side preparation.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    public LeadStatusBuilder UsePostgres(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return UsePostgresCore(_ => new LeadStatusDataSource(dataSource, owned: false));
    }

    /// <summary>
    /// Reads the business's statuses from the host's PostgreSQL table <see cref="PostgresMappingOptions.StatusesTable"/>
    /// (<c>business_id, status_id, label, aliases text[]</c>); snapshots are cached for <see cref="LeadStatusOptions.CatalogCacheDuration"/>.
    /// Requires <c>UsePostgres(...)</c>.
    /// </summary>
    /// <returns>This builder.</returns>
    public LeadStatusBuilder UsePostgresStatusCatalog()
    {
        Services.TryAddSingleton<PostgresStatusCatalog>();
        Services.Replace(ServiceDescriptor.Singleton<IStatusCatalog>(sp => sp.GetRequiredService<PostgresStatusCatalog>()));
        return this;
    }

    /// <summary>Whether the connection string itself names the key (any spelling: "No Reset On Close", "NoResetOnClose").</summary>
    /// <remarks><see cref="NpgsqlConnectionStringBuilder.ContainsKey"/> answers whether the property exists, not whether it was set.</remarks>
    private static bool SetsKey(string connectionString, string normalizedKey)
    {
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in raw.Keys)
        {
            if (string.Equals(key.Replace(" ", string.Empty, StringComparison.Ordinal), normalizedKey, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private LeadStatusBuilder UsePostgresCore(Func<IServiceProvider, LeadStatusDataSource> dataSource)
    {
        Services.Replace(ServiceDescriptor.Singleton(dataSource));
        Services.TryAddSingleton<PostgresLeadStatusStore>();
        Services.TryAddSingleton<PostgresNotificationOutbox>();
        Services.TryAddSingleton<PostgresStatusCatalog>();
        Services.Replace(ServiceDescriptor.Singleton<ILeadStatusStore>(sp => sp.GetRequiredService<PostgresLeadStatusStore>()));
        Services.Replace(ServiceDescriptor.Singleton<INotificationOutbox>(sp => sp.GetRequiredService<PostgresNotificationOutbox>()));
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, PostgresMappingStartupCheck>());

        UseDefaultCatalog(ServiceDescriptor.Singleton<IStatusCatalog>(sp => sp.GetRequiredService<PostgresStatusCatalog>()));
        return this;
    }
}
