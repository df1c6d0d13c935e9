using System.Globalization;

namespace LeadStatus;

/// <summary>
/// The default formatter: Hebrew text, for example the title <c>עדכון סטטוס ליד</c> and the body
/// <c>הליד דנה כהן עבר מסטטוס "ליד חדש" לסטטוס "מעוניין" בעקבות סיכום וואטסאפ (ביטחון 87%).</c>
/// </summary>
/// <remarks>
/// One text per <see cref="NotificationKind"/>: a status change (<c>עדכון סטטוס ליד</c>), a suggestion waiting for review
/// (<c>הצעה לעדכון סטטוס ממתינה לאישור</c>), a reverted change (<c>שינוי סטטוס בוטל</c>) and a digest
/// (<c>סיכום עדכוני סטטוס (3)</c>, one line per change). A lead without a name is named by its
/// id (<c>ליד #123</c>); a lead without a previous status says so (<c>ללא סטטוס קודם</c>); the sources
/// <see cref="StatusSources.WhatsAppSummary"/> and <see cref="StatusSources.CallSummary"/> are named in words, any other source by
/// its code; the confidence is a whole percentage.
/// </remarks>
public sealed class HebrewNotificationFormatter : INotificationFormatter
{
    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="notification"/> is null.</exception>
    public NotificationText Format(StatusChangeNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var n = notification;
        var lead = Lead(n);
        var previous = n.PreviousStatusLabel ?? n.PreviousStatusId;
        var source = n.Source switch
        {
            StatusSources.WhatsAppSummary => "סיכום וואטסאפ",
            StatusSources.CallSummary => "סיכום שיחה",
            _ => n.Source,
        };
        return n.Kind switch
        {
            NotificationKind.Digest => new NotificationText(
                string.Create(CultureInfo.InvariantCulture, $"סיכום עדכוני סטטוס ({n.Changes.Count})"),
                string.Join('\n', n.Changes.Select(c => $"• {Lead(c)} {Move(c)}"))),
            NotificationKind.SuggestionPending => new NotificationText(
                "הצעה לעדכון סטטוס ממתינה לאישור",
                string.Create(CultureInfo.InvariantCulture, $"מוצע להעביר את {lead} {(previous is null ? string.Empty : $"מסטטוס \"{previous}\" ")}לסטטוס \"{n.NewStatusLabel}\" בעקבות {source} (ביטחון {n.ConfidencePercent}%). ההצעה ממתינה לאישור.")),
            NotificationKind.ChangeReverted => new NotificationText(
                "שינוי סטטוס בוטל",
                $"השינוי בוטל: {lead} הוחזר {(previous is null ? string.Empty : $"מסטטוס \"{previous}\" ")}לסטטוס \"{n.NewStatusLabel}\"."),
            _ => new NotificationText(
                "עדכון סטטוס ליד",
                string.Create(CultureInfo.InvariantCulture, $"{lead} {Move(n)} בעקבות {source} (ביטחון {n.ConfidencePercent}%).")),
        };
    }

    private static string Lead(StatusChangeNotification n) => string.IsNullOrWhiteSpace(n.LeadName)
        ? string.Create(CultureInfo.InvariantCulture, $"ליד #{n.LeadId}")
        : $"הליד {n.LeadName.Trim()}";

    private static string Move(StatusChangeNotification n) => (n.PreviousStatusLabel ?? n.PreviousStatusId) is { } previous
        ? $"עבר מסטטוס \"{previous}\" לסטטוס \"{n.NewStatusLabel}\""
        : $"עבר לסטטוס \"{n.NewStatusLabel}\" (ללא סטטוס קודם)";
}
