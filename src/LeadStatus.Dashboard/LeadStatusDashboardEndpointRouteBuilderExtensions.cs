using LeadStatus.Dashboard;
using LeadStatus.Dashboard.Internal;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the LeadStatus dashboard.</summary>
public static class LeadStatusDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard's pages, actions and assets under <paramref name="pattern"/>. The one builder returned covers all of them,
    /// so <c>.RequireAuthorization(policy)</c> protects the whole dashboard. Until
    /// <see cref="LeadStatusDashboardOptions.VisibleBusinesses"/> is set (<c>services.AddLeadStatusDashboard(…)</c>) every request is refused.
    /// </summary>
    /// <param name="endpoints">The host's endpoints.</param>
    /// <param name="pattern">Where to mount it; default <c>/leadstatus</c>.</param>
    /// <returns>A builder for conventions on every dashboard endpoint.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pattern"/> is blank.</exception>
    public static IEndpointConventionBuilder MapLeadStatusDashboard(this IEndpointRouteBuilder endpoints, string pattern = "/leadstatus")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var options = endpoints.ServiceProvider.GetService<IOptions<LeadStatusDashboardOptions>>()?.Value ?? new LeadStatusDashboardOptions();
        var logger = endpoints.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger(DashboardLog.Category) ?? NullLogger.Instance;
        if (options.VisibleBusinesses is null)
        {
            DashboardLog.NotConfigured(logger, pattern);
        }

        var group = endpoints.MapGroup(pattern);
        DashboardRoutes.Map(group, logger);
        return group;
    }
}
