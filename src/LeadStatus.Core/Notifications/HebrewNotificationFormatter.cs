using System.Globalization;

namespace LeadStatus;

/// <summary>
/// The default formatter: Hebrew text, for example the title <c>עדכון סטטוס ליד</c> and the body
/// <c>הליד דנה כהן עבר מסטטוס "ליד חדש" לסטטוס "מעוניין" בעקבות סיכום וואטסאפ (ביטחון 87%).</c>
/// </summary>
/// <remarks>
/// A lead without a name is named by its id (<c>ליד #123</c>); a lead without a previous status says so
/// (<c>ללא סטטוס קודם</c>); the sources <see cref="StatusSources.WhatsAppSummary"/> and <see cref="StatusSources.CallSummary"/>
/// are named in words, any other source by its code; the confidence is a whole percentage.
/// </remarks>
public sealed class HebrewNotificationFormatter : INotificationFormatter
{
    private const string Title = "עדכון סטטוס ליד";

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
    public NotificationText Format(NotificationContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var lead = string.IsNullOrWhiteSpace(content.LeadName)
            ? string.Create(CultureInfo.InvariantCulture, $"ליד #{content.LeadId}")
            : $"הליד {content.LeadName.Trim()}";
        var change = content.PreviousStatusId is null
            ? $"עבר לסטטוס \"{content.NewStatusLabel}\" (ללא סטטוס קודם)"
            : $"עבר מסטטוס \"{content.PreviousStatusLabel ?? content.PreviousStatusId}\" לסטטוס \"{content.NewStatusLabel}\"";
        var source = content.Source switch
        {
            StatusSources.WhatsAppSummary => "סיכום וואטסאפ",
            StatusSources.CallSummary => "סיכום שיחה",
            _ => content.Source,
        };
        var body = string.Create(CultureInfo.InvariantCulture, $"{lead} {change} בעקבות {source} (ביטחון {content.ConfidencePercent}%).");
        return new NotificationText(Title, body);
    }
}
