using LeadStatus;
using LeadStatus.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>The notification registrations.</content>
public static partial class LeadStatusServiceCollectionExtensions
{
    /// <summary>Registers the default <see cref="INotificationFormatter"/> and the outbox dispatcher (once, however often it is called).</summary>
    private static IServiceCollection AddLeadStatusNotifications(this IServiceCollection services)
    {
        services.TryAddSingleton<INotificationFormatter, HebrewNotificationFormatter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OutboxDispatcher>());
        return services;
    }
}
