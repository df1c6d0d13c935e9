using LeadStatus.Dashboard;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the dashboard's options and what it needs (antiforgery).</summary>
public static class LeadStatusDashboardServiceCollectionExtensions
{
    /// <summary>Adds the dashboard's services; <paramref name="configure"/> says who may see which businesses.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets <see cref="LeadStatusDashboardOptions.VisibleBusinesses"/> and the rest.</param>
    /// <returns>The same services.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddLeadStatusDashboard(this IServiceCollection services, Action<LeadStatusDashboardOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddAntiforgery();
        services.Configure(configure);
        return services;
    }
}
