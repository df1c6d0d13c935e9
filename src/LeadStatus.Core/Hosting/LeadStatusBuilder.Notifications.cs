using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadStatus;

/// <content>The notification members of the builder.</content>
public sealed partial class LeadStatusBuilder
{
    /// <summary>
    /// Formats notifications with <typeparamref name="TFormatter"/>, a singleton resolved from the container, instead of
    /// the default <see cref="HebrewNotificationFormatter"/>.
    /// </summary>
    /// <typeparam name="TFormatter">The formatter type, for example <see cref="EnglishNotificationFormatter"/>.</typeparam>
    /// <returns>This builder.</returns>
    public LeadStatusBuilder UseNotificationFormatter<TFormatter>()
        where TFormatter : class, INotificationFormatter
    {
        Services.TryAddSingleton<TFormatter>();
        Services.Replace(ServiceDescriptor.Singleton<INotificationFormatter>(sp => sp.GetRequiredService<TFormatter>()));
        return this;
    }

    /// <summary>Formats notifications with <paramref name="formatter"/> instead of the default <see cref="HebrewNotificationFormatter"/>.</summary>
    /// <param name="formatter">The formatter instance.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="formatter"/> is null.</exception>
    public LeadStatusBuilder UseNotificationFormatter(INotificationFormatter formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        Services.Replace(ServiceDescriptor.Singleton(formatter));
        return this;
    }

    /// <summary>
    /// Reads each business's notification preferences (quiet hours) through <typeparamref name="TProvider"/>, a singleton resolved from
    /// the container, instead of the default <see cref="InMemoryNotificationPreferences"/>.
    /// </summary>
    /// <typeparam name="TProvider">The provider type.</typeparam>
    /// <returns>This builder.</returns>
    public LeadStatusBuilder UseNotificationPreferences<TProvider>()
        where TProvider : class, INotificationPreferencesProvider
    {
        Services.TryAddSingleton<TProvider>();
        Services.Replace(ServiceDescriptor.Singleton<INotificationPreferencesProvider>(sp => sp.GetRequiredService<TProvider>()));
        return this;
    }

    /// <summary>Reads each business's notification preferences (quiet hours) through <paramref name="provider"/>.</summary>
    /// <param name="provider">The provider instance.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="provider"/> is null.</exception>
    public LeadStatusBuilder UseNotificationPreferences(INotificationPreferencesProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Services.Replace(ServiceDescriptor.Singleton(provider));
        return this;
    }
}
