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

    /// <summary>
    /// Adds <typeparamref name="TFallback"/> as a fallback of <typeparamref name="TPrimary"/> (added before with <c>AddNotifier</c>): for
    /// each notification it is called only once the primary has failed <paramref name="afterFailures"/> times or given up, never when
    /// the primary delivered it; once it delivered, the primary is not called again for that notification. For example, SMS only when
    /// push has failed three times.
    /// </summary>
    /// <typeparam name="TFallback">The fallback notifier type, registered as a singleton.</typeparam>
    /// <typeparam name="TPrimary">The primary notifier type.</typeparam>
    /// <param name="afterFailures">How many failures of the primary call for the fallback; between 1 and 100.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterFailures"/> is out of range.</exception>
    public LeadStatusBuilder AddFallbackNotifier<TFallback, TPrimary>(int afterFailures = 1)
        where TFallback : class, INotifier
        where TPrimary : class, INotifier
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(afterFailures, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(afterFailures, 100);
        AddNotifier<TFallback>();
        Services.AddSingleton(new LeadStatus.Notifications.NotifierFallback(typeof(TFallback), typeof(TPrimary), afterFailures));
        return this;
    }
}
