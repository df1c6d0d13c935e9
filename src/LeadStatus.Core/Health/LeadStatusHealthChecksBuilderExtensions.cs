using LeadStatus.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the lead status library's health checks.</summary>
public static class LeadStatusHealthChecksBuilderExtensions
{
    /// <summary>The default name of the database check.</summary>
    public const string DatabaseCheckName = "leadstatus_database";

    /// <summary>
    /// Adds a check that the lead status database is reachable, that the library's schema is at the version this build needs
    /// (missing or older: run <c>EnsureLeadStatusSchemaAsync()</c>), and that the host tables it writes exist. Healthy on the
    /// in-memory store. For example <c>services.AddHealthChecks().AddLeadStatusDatabase();</c> then <c>app.MapHealthChecks("/health")</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; <see cref="DatabaseCheckName"/> when null.</param>
    /// <param name="failureStatus">The status reported when the check fails; <see cref="HealthStatus.Unhealthy"/> when null.</param>
    /// <param name="tags">Tags to filter checks by, for example <c>"ready"</c>.</param>
    /// <param name="timeout">How long the check may take; the health check service's default when null.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IHealthChecksBuilder AddLeadStatusDatabase(
        this IHealthChecksBuilder builder,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name ?? DatabaseCheckName,
            sp => ActivatorUtilities.CreateInstance<LeadStatusDatabaseHealthCheck>(sp),
            failureStatus,
            tags,
            timeout));
    }
}
