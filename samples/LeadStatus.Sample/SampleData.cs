namespace LeadStatus.Sample;

/// <summary>Two businesses as a CRM would hold them, and the scenarios the sample replays.</summary>
internal static class SampleData
{
    public const long RealEstate = 1001;
    public const long Clinic = 2002;

    public static IReadOnlyList<Business> Businesses { get; } =
    [
        new(RealEstate, "משרד תיווך הכרמל",
            [
                new("new", "ליד חדש", ["New lead"]),
                new("interested", "מעוניין", ["Interested", "מתעניין"]),
                new("not_interested", "לא מעוניין", ["Not interested"]),
                new("no_answer", "אין מענה", ["No answer"]),
                new("meeting", "נקבעה פגישה", ["Meeting scheduled"]),
            ],
            [new(1, "דנה כהן", "new"), new(2, "יוסי לוי", "new"), new(3, "מיכל אברהם", "new")]),
        new(Clinic, "קליניקה לפיזיותרפיה",
            [
                new("new", "פנייה חדשה"),
                new("interested", "מעוניין"),
                new("booked", "נקבע תור"),
            ],
            [new(7, "אבי מזרחי", "new"), new(8, "רונית שלום", "interested"), new(9, "נועה גולן", "new")]),
    ];

    public static IReadOnlyList<Scenario> Scenarios { get; } =
    [
        new("A WhatsApp chat that ends with a clear recommendation",
            new(RealEstate, 1,
                "הלקוחה שאלה על דירת 4 חדרים בנווה שאנן, ביקשה תמונות ותיאום צפייה ביום חמישי.\n\n**[המלצה: מעוניין]**",
                StatusSources.WhatsAppSummary, "wa-session-5512", 0.91)),
        new("A 3-second unanswered call",
            new(RealEstate, 2, "שיחה יוצאת, 3 שניות, לא נענתה. [המלצה: אין מענה]", StatusSources.CallSummary, "call-88f1c2", 0.97)),
        new("The telephony webhook retries the same call id",
            new(RealEstate, 2, "שיחה יוצאת, 3 שניות, לא נענתה. [המלצה: אין מענה]", StatusSources.CallSummary, "call-88f1c2", 0.97)),
        new("A recommendation the AI is unsure of (confidence 0.40)",
            new(RealEstate, 3, "הלקוח אמר שאולי יחזור אליו בעתיד. [המלצה: מעוניין]", StatusSources.CallSummary, "call-90aa01", 0.40)),
        new("A label the business does not use",
            new(RealEstate, 3, "לקוח חוזר, רכש בעבר שתי דירות. [המלצה: לקוח VIP]", StatusSources.WhatsAppSummary, "wa-session-5519", 0.88)),
        new("\"לא מעוניין\" at a business that has no such status (never mapped to \"מעוניין\")",
            new(Clinic, 7, "המטופל הודה על הפנייה אך אינו מעוניין בטיפולים כרגע. [המלצה: לא מעוניין]", StatusSources.CallSummary, "call-c1-311", 0.93)),
        new("A lead id that belongs to another business",
            new(Clinic, 1, "[המלצה: נקבע תור]", StatusSources.WhatsAppSummary, "wa-session-9001", 0.95)),
        new("A messy LLM tag: bidi marks, niqqud, typographic quotes and a full-width colon",
            new(Clinic, 7, "סוכם על תור ליום ראשון.\n\u200F[ הַמְלָצָה ： “נקבע תור” ]\u200F", StatusSources.CallSummary, "call-c1-312", 0.86)),
    ];

    internal sealed record Lead(long Id, string Name, string Status);

    internal sealed record Business(long Id, string Name, IReadOnlyList<LeadStatusDefinition> Statuses, IReadOnlyList<Lead> Leads);

    internal sealed record Scenario(string Title, StatusRecommendation Recommendation);
}
