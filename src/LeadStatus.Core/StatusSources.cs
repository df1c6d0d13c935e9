namespace LeadStatus;

/// <summary>
/// The well-known values of <see cref="StatusRecommendation.Source"/>.
/// </summary>
public static class StatusSources
{
    /// <summary>The summary of a WhatsApp conversation.</summary>
    public const string WhatsAppSummary = "whatsapp_summary";

    /// <summary>The summary of a phone call recording.</summary>
    public const string CallSummary = "call_summary";
}
