using LeadStatus;
using LeadStatus.Notifications;
using LeadStatus.Storage.InMemory;
using LeadStatus.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>The notification registrations.</content>
public static partial class LeadStatusServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default <see cref="INotificationFormatter"/>, the outbox dispatcher and the <see cref="INotificationAdmin"/> of
    /// the configured store (once, however often it is called).
    /// </summary>
    private static IServiceCollection AddLeadStatusNotifications(this IServiceCollection services)
    {
        services.TryAddSingleton<INotificationFormatter, HebrewNotificationFormatter>();
        services.TryAddSingleton<InMemoryNotificationPreferences>();
        services.TryAddSingleton<INotificationPreferencesProvider>(sp => sp.GetRequiredService<InMemoryNotificationPreferences>());
        services.AddOptions<NotificationHealthCheckOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NotificationHealthCheckOptions>, NotificationHealthCheckOptionsValidator>());
        services.TryAddSingleton<INotificationAdmin>(sp => sp.GetRequiredService<INotificationOutbox>() switch
        {
            InMemoryLeadStatusStore store => new InMemoryNotificationAdmin(store, sp.GetRequiredService<TimeProvider>()),
            PostgresNotificationOutbox => ActivatorUtilities.CreateInstance<PostgresNotificationAdmin>(sp),
            var other => throw new InvalidOperationException($"The notification outbox {other.GetType().Name} has no INotificationAdmin; register one."),
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OutboxDispatcher>());
        return services;
    }
}
