using LeadStatus.Policy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadStatus;

/// <content>The per-business rules.</content>
public sealed partial class LeadStatusBuilder
{
    /// <summary>Reads each business's <see cref="LeadStatusRules"/> from <paramref name="provider"/> (cached like the catalog).</summary>
    /// <param name="provider">The rules provider.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is null.</exception>
    public LeadStatusBuilder UseStatusRules(IStatusRulesProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Services.Replace(ServiceDescriptor.Singleton(provider));
        return this;
    }

    /// <summary>Reads each business's <see cref="LeadStatusRules"/> through <typeparamref name="TProvider"/>, a singleton resolved from the container.</summary>
    /// <typeparam name="TProvider">The provider type.</typeparam>
    /// <returns>This builder.</returns>
    public LeadStatusBuilder UseStatusRules<TProvider>()
        where TProvider : class, IStatusRulesProvider
    {
        Services.TryAddSingleton<TProvider>();
        Services.Replace(ServiceDescriptor.Singleton<IStatusRulesProvider>(sp => sp.GetRequiredService<TProvider>()));
        return this;
    }

    /// <summary>Registers a store's default rules provider unless the host already chose one.</summary>
    internal void UseDefaultRules(ServiceDescriptor provider)
    {
        var current = Services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(IStatusRulesProvider));
        if (current is null || ReferenceEquals(current.ImplementationInstance, NoStatusRules.Instance))
        {
            Services.Replace(provider);
        }
    }
}
