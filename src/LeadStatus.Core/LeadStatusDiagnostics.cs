using LeadStatus.Internal;

namespace LeadStatus;

/// <summary>
/// The names under which the library publishes its telemetry, for hosts that subscribe to them: with OpenTelemetry,
/// <c>.WithMetrics(m =&gt; m.AddMeter(LeadStatusDiagnostics.MeterName)).WithTracing(t =&gt; t.AddSource(LeadStatusDiagnostics.ActivitySourceName))</c>,
/// or <c>AddLeadStatusInstrumentation()</c> from the LeadStatus.Core.OpenTelemetry package.
/// </summary>
public static class LeadStatusDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: counters <c>leadstatus.updates</c> and <c>leadstatus.notifications</c>, histogram <c>leadstatus.apply.duration</c>.</summary>
    public const string MeterName = LeadStatusTelemetry.Name;

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: an activity <c>LeadStatus.Apply</c> per call.</summary>
    public const string ActivitySourceName = LeadStatusTelemetry.Name;
}
