using System.Globalization;

namespace LeadStatus;

/// <summary>
/// An English formatter, for example the title <c>Lead status updated</c> and the body
/// <c>Lead Dana Cohen moved from "New lead" to "Interested" after a WhatsApp summary (confidence 87%).</c>
/// Register it with <c>UseNotificationFormatter&lt;EnglishNotificationFormatter&gt;()</c>.
/// </summary>
/// <remarks>
/// A lead without a name is named by its id (<c>Lead #123</c>); a lead without a previous status says so
/// (<c>no previous status</c>); the sources <see cref="StatusSources.WhatsAppSummary"/> and <see cref="StatusSources.CallSummary"/>
/// are named in words, any other source by its code; the confidence is a whole percentage.
/// </remarks>
public sealed class EnglishNotificationFormatter : INotificationFormatter
{
    private const string Title = "Lead status updated";

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
    public NotificationText Format(NotificationContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var lead = string.IsNullOrWhiteSpace(content.LeadName)
            ? string.Create(CultureInfo.InvariantCulture, $"Lead #{content.LeadId}")
            : $"Lead {content.LeadName.Trim()}";
        var change = content.PreviousStatusId is null
            ? $"was set to \"{content.NewStatusLabel}\" (no previous status)"
            : $"moved from \"{content.PreviousStatusLabel ?? content.PreviousStatusId}\" to \"{content.NewStatusLabel}\"";
        var source = content.Source switch
        {
            StatusSources.WhatsAppSummary => "a WhatsApp summary",
            StatusSources.CallSummary => "a call summary",
            _ => $"source {content.Source}",
        };
        var body = string.Create(CultureInfo.InvariantCulture, $"{lead} {change} after {source} (confidence {content.ConfidencePercent}%).");
        return new NotificationText(Title, body);
    }
}
