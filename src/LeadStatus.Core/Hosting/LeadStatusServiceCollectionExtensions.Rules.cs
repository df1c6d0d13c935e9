using LeadStatus;
using LeadStatus.Analytics;
using LeadStatus.Policy;
using LeadStatus.Review;
using LeadStatus.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>The rules and review registrations.</content>
public static partial class LeadStatusServiceCollectionExtensions
{
    /// <summary>
    /// Registers the rules cache and editor, the review service, the analytics over the configured store (both stores implement
    /// <see cref="IAnalyticsStore"/>), and no rules until a store or the host chooses a provider.
    /// </summary>
    private static IServiceCollection AddLeadStatusRules(this IServiceCollection services)
    {
        services.TryAddSingleton<IStatusRulesProvider>(NoStatusRules.Instance);
        services.TryAddSingleton<StatusRulesCache>();
        services.TryAddSingleton<IStatusRulesEditor, StatusRulesEditor>();
        services.TryAddSingleton<IStatusReviewService, StatusReviewService>();
        services.TryAddSingleton<IAnalyticsStore>(sp => (IAnalyticsStore)sp.GetRequiredService<ILeadStatusStore>());
        services.TryAddSingleton<IStatusAnalytics, StatusAnalytics>();
        services.TryAddSingleton<IStatusEventReader>(sp => sp.GetRequiredService<ILeadStatusStore>() as IStatusEventReader
            ?? throw new InvalidOperationException("The configured lead status store does not implement IStatusEventReader; register one with services.AddSingleton<IStatusEventReader>(…)."));
        return services;
    }
}
