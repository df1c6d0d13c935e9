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
    /// The <c>Maximum Pool Size</c> the library sets on data sources it builds, unless the connection string sets one: well below
    /// PostgreSQL's default <c>max_connections</c> (100), so a retry storm cannot take every connection of the server.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>
    /// Stores events, the lead change, history and the outbox in PostgreSQL through a data source the library builds from
    /// <paramref name="connectionString"/>, owns and disposes with the container; uses the PostgreSQL status catalog
    /// (<see cref="PostgresMappingOptions.StatusesTable"/>) unless another catalog is configured. The host can share that
    /// data source through <see cref="LeadStatusDataSourceExtensions.GetLeadStatusDataSource"/>.
    /// </summary>
    /// <param name="connectionString">
    /// An Npgsql connection string. Unless it sets them: <c>Maximum Pool Size</c> is <see cref="DefaultMaxPoolSize"/> (20) rather than
    /// Npgsql's 100; <c>Max Auto Prepare</c> is 32, so the apply statement is prepared server-side after its second use on a
    /// connection; <c>No Reset On Close</c> is true (the library's connections carry no session state to reset). The data
    /// source logs through the host's logger factory at <see cref="LogLevel.Warning"/> and above only, so the host's log never
    /// becomes a dump of SQL statements; to see them, build your own data source with
    /// <see cref="NpgsqlDataSourceBuilder.UseLoggerFactory"/> (and <see cref="NpgsqlDataSourceBuilder.EnableParameterLogging"/>)
    /// and pass it to <see cref="UsePostgres(NpgsqlDataSource)"/>.
    /// </param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connectionString"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty, blank or not a valid connection string.</exception>
    public LeadStatusBuilder UsePostgres(string connectionString)
    {
        var finalConnectionString = WithLibraryDefaults(connectionString);
        return UsePostgresCore(sp =>
        {
            var builder = new NpgsqlDataSourceBuilder(finalConnectionString);
            if (sp.GetService<ILoggerFactory>() is { } loggerFactory)
            {
                builder.UseLoggerFactory(new MinimumLevelLoggerFactory(loggerFactory, LogLevel.Warning));
            }

            return new LeadStatusDataSource(builder.Build(), owned: true);
        });
    }

    /// <summary>
    /// Uses the <see cref="NpgsqlDataSource"/> registered in the container, for example by Npgsql.DependencyInjection's
    /// <c>services.AddNpgsqlDataSource(connectionString)</c>, so the host and the library share one connection pool.
    /// The container owns it. For a keyed data source use
    /// <c>UsePostgres(sp =&gt; sp.GetRequiredKeyedService&lt;NpgsqlDataSource&gt;(key))</c>.
    /// </summary>
    /// <returns>This builder.</returns>
    public LeadStatusBuilder UsePostgres() => UsePostgres(sp => sp.GetService<NpgsqlDataSource>() ?? throw new InvalidOperationException(
        "UsePostgres() uses the NpgsqlDataSource registered in the container, and none is: register one " +
        "(services.AddNpgsqlDataSource(connectionString) from Npgsql.DependencyInjection, or services.AddSingleton(dataSource)), " +
        "or call UsePostgres(connectionString)."));

    /// <summary>
    /// Uses the data source <paramref name="dataSourceFactory"/> returns, called once when the store is first resolved; the host
    /// (or its container) owns it and the library never disposes it.
    /// </summary>
    /// <param name="dataSourceFactory">Returns the data source, for example <c>sp =&gt; sp.GetRequiredKeyedService&lt;NpgsqlDataSource&gt;("crm")</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dataSourceFactory"/> is null.</exception>
    public LeadStatusBuilder UsePostgres(Func<IServiceProvider, NpgsqlDataSource> dataSourceFactory)
    {
        ArgumentNullException.ThrowIfNull(dataSourceFactory);
        return UsePostgresCore(sp => new LeadStatusDataSource(
            dataSourceFactory(sp) ?? throw new InvalidOperationException("The data source factory passed to UsePostgres returned null."), owned: false));
    }

    /// <summary>The connection string with the library's defaults for every key the host did not write.</summary>
    private static string WithLibraryDefaults(string connectionString)
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

        if (!SetsKey(connectionString, "maxautoprepare"))
        {
            parsed.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!SetsKey(connectionString, "maximumpoolsize", "maxpoolsize"))
        {
            // Each call waiting on a lead's row lock holds a connection; Npgsql's default of 100 equals the server's default
            // max_connections, so one retry storm could lock every other client out. A host's Minimum Pool Size still fits.
            parsed.MaxPoolSize = Math.Max(DefaultMaxPoolSize, parsed.MinPoolSize);
        }

        if (!SetsKey(connectionString, "noresetonclose"))
        {
            // The library leaves no session state on pooled connections (SET LOCAL, transaction-scoped advisory locks, the
            // LISTEN connection unlistens before it is returned), so the reset Npgsql would otherwise prepend to the next
            // command on every pooled open (CLOSE ALL, RESET ALL, DISCARD ..., 7 statements) is pure overhead on the hot path.
            parsed.NoResetOnClose = true;
        }

        return parsed.ConnectionString;
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

    /// <summary>Whether the connection string itself names the key (any spelling: "No Reset On Close", "NoResetOnClose"), whatever its value.</summary>
    /// <remarks><see cref="NpgsqlConnectionStringBuilder.ContainsKey"/> answers whether the property exists, not whether it was set.</remarks>
    private static bool SetsKey(string connectionString, params string[] normalizedKeys)
    {
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in raw.Keys)
        {
            var normalized = key.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (normalizedKeys.Any(k => string.Equals(normalized, k, StringComparison.OrdinalIgnoreCase)))
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
        Services.TryAddSingleton<PostgresStatusRules>();
        UseDefaultRules(ServiceDescriptor.Singleton<IStatusRulesProvider>(sp => sp.GetRequiredService<PostgresStatusRules>()));
        return this;
    }
}
