using System.Collections.Frozen;

namespace LeadStatus.Dashboard.Internal;

/// <summary>The dashboard's words in Hebrew (right-to-left, the default) and English.</summary>
internal sealed class Texts
{
    public static readonly Texts Hebrew = new("he", "rtl", new Dictionary<string, string>
    {
        ["title"] = "לוח סטטוסי לידים",
        ["businesses"] = "עסקים",
        ["business"] = "עסק",
        ["overview"] = "סקירה",
        ["review"] = "תור לבדיקה",
        ["events"] = "אירועים אחרונים",
        ["applied"] = "עודכנו",
        ["pending"] = "ממתינים לבדיקה",
        ["rejectedByRule"] = "נחסמו בכלל",
        ["unknownLabel"] = "תווית לא מוכרת",
        ["velocity"] = "עדכונים ביום",
        ["histogram"] = "התפלגות ביטחון ודיוק",
        ["bin"] = "טווח",
        ["count"] = "כמות",
        ["judged"] = "נשפטו",
        ["correct"] = "נכונים",
        ["accuracy"] = "דיוק",
        ["precision"] = "דיוק",
        ["lowerBound"] = "חסם תחתון 95%",
        ["transitions"] = "מעברים נפוצים",
        ["from"] = "מ־",
        ["to"] = "אל",
        ["threshold"] = "סף מומלץ",
        ["source"] = "מקור",
        ["evidence"] = "ראיות",
        ["unknownLabels"] = "תוויות לא מוכרות",
        ["label"] = "תווית",
        ["lead"] = "ליד",
        ["confidence"] = "ביטחון",
        ["current"] = "סטטוס נוכחי",
        ["suggested"] = "סטטוס מוצע",
        ["created"] = "נוצר",
        ["accept"] = "אישור",
        ["reject"] = "דחייה",
        ["undo"] = "ביטול",
        ["reverted"] = "בוטל",
        ["outcome"] = "תוצאה",
        ["reason"] = "סיבה",
        ["actor"] = "מבצע",
        ["time"] = "זמן",
        ["all"] = "הכול",
        ["filter"] = "סינון",
        ["none"] = "אין נתונים.",
        ["noPending"] = "אין הצעות ממתינות.",
        ["done"] = "הפעולה הסתיימה:",
        ["otherLanguage"] = "English",
        ["otherLanguageCode"] = "en",
        ["noBusinesses"] = "אין עסקים שמותר לך לראות.",
        ["readOnly"] = "מצב קריאה בלבד.",
        ["notifications"] = "התראות",
        ["notificationsPending"] = "ממתינות למשלוח",
        ["dead"] = "נכשלו סופית",
        ["delivered"] = "נמסרו",
        ["oldestPending"] = "זמן ההמתנה הארוך ביותר",
        ["deadNotifications"] = "התראות שנכשלו",
        ["noDead"] = "אין התראות שנכשלו.",
        ["kind"] = "סוג",
        ["attempts"] = "ניסיונות",
        ["lastError"] = "שגיאה אחרונה",
        ["requeue"] = "שליחה מחדש",
        ["requeueAll"] = "שליחה מחדש של כולן",
        ["requeued"] = "הוחזרו לתור:",
        ["seconds"] = "שנ׳",
        ["minutes"] = "דק׳",
        ["hours"] = "שע׳",
        ["days"] = "ימים",
        ["kindStatusChanged"] = "שינוי סטטוס",
        ["kindSuggestionPending"] = "הצעה ממתינה",
        ["kindChangeReverted"] = "שינוי בוטל",
        ["kindDigest"] = "סיכום",
    }, OutcomeNames(new Dictionary<StatusUpdateOutcome, string>
    {
        [StatusUpdateOutcome.Applied] = "עודכן",
        [StatusUpdateOutcome.AlreadyProcessed] = "כבר טופל",
        [StatusUpdateOutcome.NoRecommendation] = "אין המלצה",
        [StatusUpdateOutcome.UnknownLabel] = "תווית לא מוכרת",
        [StatusUpdateOutcome.AmbiguousLabel] = "תווית דו־משמעית",
        [StatusUpdateOutcome.BelowConfidenceThreshold] = "מתחת לסף הביטחון",
        [StatusUpdateOutcome.SameStatus] = "אותו סטטוס",
        [StatusUpdateOutcome.LeadNotFound] = "ליד לא נמצא",
        [StatusUpdateOutcome.RejectedByRule] = "נחסם בכלל",
        [StatusUpdateOutcome.IdempotencyKeyConflict] = "התנגשות מפתח",
        [StatusUpdateOutcome.PendingReview] = "ממתין לבדיקה",
        [StatusUpdateOutcome.SuggestionRejected] = "הצעה נדחתה",
        [StatusUpdateOutcome.Reverted] = "בוטל",
        [StatusUpdateOutcome.Superseded] = "הוחלף",
    }));

    public static readonly Texts English = new("en", "ltr", new Dictionary<string, string>
    {
        ["title"] = "Lead status dashboard",
        ["businesses"] = "Businesses",
        ["business"] = "Business",
        ["overview"] = "Overview",
        ["review"] = "Review queue",
        ["events"] = "Recent events",
        ["applied"] = "Applied",
        ["pending"] = "Pending review",
        ["rejectedByRule"] = "Rejected by rule",
        ["unknownLabel"] = "Unknown label",
        ["velocity"] = "Changes per day",
        ["histogram"] = "Confidence and accuracy",
        ["bin"] = "Range",
        ["count"] = "Count",
        ["judged"] = "Judged",
        ["correct"] = "Correct",
        ["accuracy"] = "Accuracy",
        ["precision"] = "Precision",
        ["lowerBound"] = "95% lower bound",
        ["transitions"] = "Top transitions",
        ["from"] = "From",
        ["to"] = "To",
        ["threshold"] = "Suggested threshold",
        ["source"] = "Source",
        ["evidence"] = "Evidence",
        ["unknownLabels"] = "Unknown labels",
        ["label"] = "Label",
        ["lead"] = "Lead",
        ["confidence"] = "Confidence",
        ["current"] = "Current status",
        ["suggested"] = "Suggested status",
        ["created"] = "Created",
        ["accept"] = "Accept",
        ["reject"] = "Reject",
        ["undo"] = "Undo",
        ["reverted"] = "Reverted",
        ["outcome"] = "Outcome",
        ["reason"] = "Reason",
        ["actor"] = "Actor",
        ["time"] = "Time",
        ["all"] = "All",
        ["filter"] = "Filter",
        ["none"] = "Nothing yet.",
        ["noPending"] = "No pending suggestions.",
        ["done"] = "Done:",
        ["otherLanguage"] = "עברית",
        ["otherLanguageCode"] = "he",
        ["noBusinesses"] = "There is no business you may see.",
        ["readOnly"] = "Read-only mode.",
        ["notifications"] = "Notifications",
        ["notificationsPending"] = "Pending delivery",
        ["dead"] = "Dead",
        ["delivered"] = "Delivered",
        ["oldestPending"] = "Oldest pending",
        ["deadNotifications"] = "Dead notifications",
        ["noDead"] = "No dead notifications.",
        ["kind"] = "Kind",
        ["attempts"] = "Attempts",
        ["lastError"] = "Last error",
        ["requeue"] = "Requeue",
        ["requeueAll"] = "Requeue all",
        ["requeued"] = "Requeued:",
        ["seconds"] = "s",
        ["minutes"] = "min",
        ["hours"] = "h",
        ["days"] = "d",
        ["kindStatusChanged"] = "Status changed",
        ["kindSuggestionPending"] = "Suggestion pending",
        ["kindChangeReverted"] = "Change reverted",
        ["kindDigest"] = "Digest",
    }, OutcomeNames(new Dictionary<StatusUpdateOutcome, string>()));

    private readonly FrozenDictionary<string, string> _words;
    private readonly FrozenDictionary<StatusUpdateOutcome, string> _outcomes;

    private Texts(string language, string direction, Dictionary<string, string> words, FrozenDictionary<StatusUpdateOutcome, string> outcomes)
    {
        Language = language;
        Direction = direction;
        _words = words.ToFrozenDictionary(StringComparer.Ordinal);
        _outcomes = outcomes;
    }

    public string Language { get; }

    public string Direction { get; }

    public string this[string key] => _words.TryGetValue(key, out var word) ? word : key;

    public static Texts For(string? language) => string.Equals(language, "en", StringComparison.OrdinalIgnoreCase) ? English : Hebrew;

    public string Kind(NotificationKind kind) => _words.TryGetValue("kind" + kind.ToString(), out var word) ? word : kind.ToString();

    public string Outcome(StatusUpdateOutcome outcome) => _outcomes.TryGetValue(outcome, out var name) ? name : outcome.ToString();

    private static FrozenDictionary<StatusUpdateOutcome, string> OutcomeNames(Dictionary<StatusUpdateOutcome, string> names) => names.ToFrozenDictionary();
}
