using LeadStatus;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OpenTelemetry;

/// <summary>Subscribes OpenTelemetry to the lead status library's traces and metrics.</summary>
public static class LeadStatusInstrumentationExtensions
{
    /// <summary>
    /// Collects the <c>LeadStatus.Apply</c> activity of every call (tagged with the business, the source and the outcome).
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static TracerProviderBuilder AddLeadStatusInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(LeadStatusDiagnostics.ActivitySourceName);
    }

    /// <summary>
    /// Collects the library's metrics: <c>leadstatus.updates</c> (by outcome and source), <c>leadstatus.apply.duration</c> and
    /// <c>leadstatus.notifications</c> (by result). No metric is tagged with a business id (unbounded cardinality).
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static MeterProviderBuilder AddLeadStatusInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(LeadStatusDiagnostics.MeterName);
    }
}
