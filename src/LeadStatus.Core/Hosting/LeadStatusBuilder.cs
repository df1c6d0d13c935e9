using LeadStatus.Notifications;
using LeadStatus.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadStatus;

/// <summary>
/// Configures the lead status library: the store, the status catalog and the notifiers.
/// Returned by <c>services.AddLeadStatusUpdates(...)</c>; every method returns the builder.
/// </summary>
public sealed partial class LeadStatusBuilder
{
    internal LeadStatusBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection the library is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Stores events, leads, history and the outbox in a singleton <see cref="InMemoryLeadStatusStore"/>, and uses an
    /// <see cref="InMemoryStatusCatalog"/> unless another catalog is configured. For samples and tests; nothing survives the process.
    /// </summary>
    /// <returns>This builder.</returns>
    public LeadStatusBuilder UseInMemoryStore()
    {
        Services.TryAddSingleton<InMemoryLeadStatusStore>();
        Services.Replace(ServiceDescriptor.Singleton<ILeadStatusStore>(sp => sp.GetRequiredService<InMemoryLeadStatusStore>()));
        Services.Replace(ServiceDescriptor.Singleton<INotificationOutbox>(sp => sp.GetRequiredService<InMemoryLeadStatusStore>()));
        Services.TryAddSingleton<InMemoryStatusCatalog>();
        UseDefaultCatalog(ServiceDescriptor.Singleton<IStatusCatalog>(sp => sp.GetRequiredService<InMemoryStatusCatalog>()));
        Services.TryAddSingleton<InMemoryStatusRules>();
        UseDefaultRules(ServiceDescriptor.Singleton<IStatusRulesProvider>(sp => sp.GetRequiredService<InMemoryStatusRules>()));
        return this;
    }

    /// <summary>The registration of <see cref="IStatusCatalog"/> until a store or the host chooses one.</summary>
    internal static readonly ServiceDescriptor NoCatalog = ServiceDescriptor.Singleton<IStatusCatalog>(_ => throw new InvalidOperationException(
        "No lead status catalog is configured. Call UseStatusCatalog<T>() or UseStatusCatalog(catalog) on the builder returned by AddLeadStatusUpdates()."));

    /// <summary>Registers a store's default catalog unless the host already chose one.</summary>
    internal void UseDefaultCatalog(ServiceDescriptor catalog)
    {
        var current = Services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(IStatusCatalog));
        if (current is null || ReferenceEquals(current, NoCatalog))
        {
            Services.Replace(catalog);
        }
    }

    /// <summary>Reads the business's statuses through <typeparamref name="TCatalog"/>, a singleton resolved from the container.</summary>
    /// <typeparam name="TCatalog">The catalog type.</typeparam>
    /// <returns>This builder.</returns>
    public LeadStatusBuilder UseStatusCatalog<TCatalog>()
        where TCatalog : class, IStatusCatalog
    {
        Services.TryAddSingleton<TCatalog>();
        Services.Replace(ServiceDescriptor.Singleton<IStatusCatalog>(sp => sp.GetRequiredService<TCatalog>()));
        return this;
    }

    /// <summary>Reads the business's statuses through <paramref name="catalog"/>.</summary>
    /// <param name="catalog">The catalog instance.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> is null.</exception>
    public LeadStatusBuilder UseStatusCatalog(IStatusCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Services.Replace(ServiceDescriptor.Singleton(catalog));
        return this;
    }

    /// <summary>Adds a notifier; the dispatcher delivers every applied change through every registered notifier.</summary>
    /// <typeparam name="TNotifier">
    /// The notifier type, registered as a singleton (once, however often this is called) and resolvable as itself: the host gets
    /// the same instance the dispatcher delivers through.
    /// </typeparam>
    /// <returns>This builder.</returns>
    public LeadStatusBuilder AddNotifier<TNotifier>()
        where TNotifier : class, INotifier
    {
        Services.TryAddSingleton<TNotifier>();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<INotifier, TNotifier>(sp => sp.GetRequiredService<TNotifier>()));
        return this;
    }

    /// <summary>Adds a notifier instance; the dispatcher delivers every applied change through every registered notifier.</summary>
    /// <param name="notifier">The notifier.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="notifier"/> is null.</exception>
    public LeadStatusBuilder AddNotifier(INotifier notifier)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        Services.AddSingleton(notifier);
        return this;
    }
}
