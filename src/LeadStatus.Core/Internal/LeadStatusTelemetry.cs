using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LeadStatus.Internal;

/// <summary>The <c>LeadStatus</c> meter and activity source.</summary>
internal static class LeadStatusTelemetry
{
    /// <summary>The name of the meter and of the activity source.</summary>
    public const string Name = "LeadStatus";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Counts recommendations by outcome and source.</summary>
    public static readonly Counter<long> Updates = Meter.CreateCounter<long>(
        "leadstatus.updates", unit: "{recommendation}", description: "Recommendations processed, by outcome and source.");

    /// <summary>Times the apply path, by outcome and source.</summary>
    public static readonly Histogram<double> ApplyDuration = Meter.CreateHistogram<double>(
        "leadstatus.apply.duration", unit: "s", description: "Duration of ApplyFromRecommendationAsync.");

    /// <summary>Counts notification deliveries by result (delivered, failed, dead).</summary>
    public static readonly Counter<long> Notifications = Meter.CreateCounter<long>(
        "leadstatus.notifications", unit: "{notification}", description: "Notification delivery attempts, by result.");
}
