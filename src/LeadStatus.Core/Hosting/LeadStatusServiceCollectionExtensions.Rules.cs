using LeadStatus;
using LeadStatus.Policy;
using LeadStatus.Review;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>The rules and review registrations.</content>
public static partial class LeadStatusServiceCollectionExtensions
{
    /// <summary>Registers the rules cache and editor, the review service, and no rules until a store or the host chooses a provider.</summary>
    private static IServiceCollection AddLeadStatusRules(this IServiceCollection services)
    {
        services.TryAddSingleton<IStatusRulesProvider>(NoStatusRules.Instance);
        services.TryAddSingleton<StatusRulesCache>();
        services.TryAddSingleton<IStatusRulesEditor, StatusRulesEditor>();
        services.TryAddSingleton<IStatusReviewService, StatusReviewService>();
        return services;
    }
}
