using System.Diagnostics.CodeAnalysis;
using LeadStatus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

// AddLeadStatusUpdates(services, configure = null) is the contract's signature (ARCHITECTURE §2); the configuration overload
// beside it has as many parameters and none optional, so a call is never ambiguous.
[assembly: SuppressMessage(
    "ApiDesign",
    "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads",
    Justification = "Contract signature; the other overload takes an IConfiguration and no optional parameter.",
    Scope = "member",
    Target = "~M:Microsoft.Extensions.DependencyInjection.LeadStatusServiceCollectionExtensions.AddLeadStatusUpdates(Microsoft.Extensions.DependencyInjection.IServiceCollection,System.Action{LeadStatus.LeadStatusOptions})~LeadStatus.LeadStatusBuilder")]

namespace Microsoft.Extensions.DependencyInjection;

/// <content>Options bound from configuration.</content>
public static partial class LeadStatusServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IStatusUpdateService"/> like <see cref="AddLeadStatusUpdates(IServiceCollection, Action{LeadStatusOptions}?)"/>,
    /// with <see cref="LeadStatusOptions"/> bound from <paramref name="configuration"/> (for example
    /// <c>builder.Configuration.GetSection("LeadStatus")</c>) and validated the same way when the host starts. A list bound from
    /// configuration, such as <c>TagKeywords</c>, replaces the default list instead of being appended to it. To set more in
    /// code, call <c>services.Configure&lt;LeadStatusOptions&gt;(...)</c> after this; code configured later wins.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section holding the options (<c>ConfidenceThreshold</c>, <c>TagKeywords:0</c>, <c>Postgres:Schema</c>, …).</param>
    /// <returns>A builder for the store, the catalog and the notifiers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static LeadStatusBuilder AddLeadStatusUpdates(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<LeadStatusOptions>(options => Bind(configuration, options));
        services.AddSingleton<IOptionsChangeTokenSource<LeadStatusOptions>>(new ConfigurationChangeTokenSource<LeadStatusOptions>(configuration));
        return services.AddLeadStatusUpdates();
    }

    /// <summary>Binds <paramref name="configuration"/> onto <paramref name="options"/>; configured keywords replace the defaults.</summary>
    private static void Bind(IConfiguration configuration, LeadStatusOptions options)
    {
        // The binder appends to a list that already holds items, so the defaults would stay in front of the host's keywords.
        if (configuration.GetSection(nameof(LeadStatusOptions.TagKeywords)).GetChildren().Any())
        {
            options.TagKeywords = [];
        }

        configuration.Bind(options);
    }
}
