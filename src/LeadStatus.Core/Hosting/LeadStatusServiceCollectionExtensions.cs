using LeadStatus;
using LeadStatus.Hosting;
using LeadStatus.Labels;
using LeadStatus.Notifications;
using LeadStatus.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the lead status library in a host's service collection.
/// </summary>
public static partial class LeadStatusServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IStatusUpdateService"/> and its defaults; choose a store on the returned builder with
    /// <c>UsePostgres(...)</c> or <see cref="LeadStatusBuilder.UseInMemoryStore"/>. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures <see cref="LeadStatusOptions"/>; validated when the host starts.</param>
    /// <returns>A builder for the store, the catalog and the notifiers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static LeadStatusBuilder AddLeadStatusUpdates(this IServiceCollection services, Action<LeadStatusOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(descriptor => descriptor.ServiceType == typeof(LeadStatusMarker)))
        {
            return new LeadStatusBuilder(services);
        }

        services.AddSingleton<LeadStatusMarker>();
        services.AddOptions<LeadStatusOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeadStatusOptions>, LeadStatusOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeadStatusOptions>, LeadStatusOptionsRulesValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILeadStatusStore>(_ => throw NoStore());
        services.TryAddSingleton<INotificationOutbox>(_ => throw NoStore());
        services.TryAdd(LeadStatusBuilder.NoCatalog); // the descriptor itself, so UseDefaultCatalog can recognize it
        services.TryAddSingleton<StatusCatalogCache>();
        services.TryAddSingleton<IStatusCatalogCache>(sp => sp.GetRequiredService<StatusCatalogCache>());
        services.TryAddSingleton<IStatusUpdateService, StatusUpdateService>();
        services.AddLeadStatusRules();
        services.AddLeadStatusNotifications();
        return new LeadStatusBuilder(services);
    }

    /// <summary>Marks a service collection the library was added to, so a second call adds nothing twice.</summary>
    private sealed class LeadStatusMarker;

    private static InvalidOperationException NoStore() => new(
        "No lead status store is configured. Call UsePostgres(connectionString) or UsePostgres(dataSource) for production, " +
        "or UseInMemoryStore() for samples and tests, on the builder returned by AddLeadStatusUpdates().");
}
