using System.Globalization;

namespace LeadStatus.Tests.Notifications;

public sealed class NotificationFormatterTests
{
    private static readonly DateTimeOffset ChangedAt = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Hebrew_formatter_names_the_lead_both_labels_the_source_and_the_confidence()
    {
        // Arrange
        var content = Content();

        // Act
        var text = new HebrewNotificationFormatter().Format(content);

        // Assert
        Assert.That(text.Title, Is.EqualTo("עדכון סטטוס ליד"));
        Assert.That(text.Body, Is.EqualTo("הליד דנה כהן עבר מסטטוס \"ליד חדש\" לסטטוס \"מעוניין\" בעקבות סיכום וואטסאפ (ביטחון 87%)."));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Hebrew_formatter_names_a_lead_without_a_name_by_its_id(string? name) =>
        Assert.That(
            new HebrewNotificationFormatter().Format(Content() with { LeadName = name }).Body,
            Is.EqualTo("ליד #123 עבר מסטטוס \"ליד חדש\" לסטטוס \"מעוניין\" בעקבות סיכום וואטסאפ (ביטחון 87%)."));

    [Test]
    public void Hebrew_formatter_says_when_there_was_no_previous_status() =>
        Assert.That(
            new HebrewNotificationFormatter().Format(Content() with { PreviousStatusId = null, PreviousStatusLabel = null }).Body,
            Is.EqualTo("הליד דנה כהן עבר לסטטוס \"מעוניין\" (ללא סטטוס קודם) בעקבות סיכום וואטסאפ (ביטחון 87%)."));

    [Test]
    public void Hebrew_formatter_falls_back_to_the_previous_status_id_without_a_label() =>
        Assert.That(
            new HebrewNotificationFormatter().Format(Content() with { PreviousStatusLabel = null }).Body,
            Is.EqualTo("הליד דנה כהן עבר מסטטוס \"new\" לסטטוס \"מעוניין\" בעקבות סיכום וואטסאפ (ביטחון 87%)."));

    [TestCase(StatusSources.WhatsAppSummary, "סיכום וואטסאפ")]
    [TestCase(StatusSources.CallSummary, "סיכום שיחה")]
    [TestCase("email_summary", "email_summary")]
    public void Hebrew_formatter_names_the_source_in_words(string source, string words) =>
        Assert.That(new HebrewNotificationFormatter().Format(Content() with { Source = source }).Body, Does.Contain($"בעקבות {words} (ביטחון"));

    [TestCase(0.87, "87%")]
    [TestCase(0.875, "88%")]
    [TestCase(0.655, "66%")]
    [TestCase(1.0, "100%")]
    [TestCase(0.0, "0%")]
    public void The_confidence_is_a_rounded_whole_percentage_in_any_culture(double confidence, string percent)
    {
        // Arrange
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
        try
        {
            // Act
            var hebrew = new HebrewNotificationFormatter().Format(Content() with { Confidence = confidence }).Body;
            var english = new EnglishNotificationFormatter().Format(Content() with { Confidence = confidence }).Body;

            // Assert
            Assert.That(hebrew, Does.EndWith($"(ביטחון {percent})."));
            Assert.That(english, Does.EndWith($"(confidence {percent})."));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Test]
    public void English_formatter_writes_the_same_facts_in_English()
    {
        // Act
        var text = new EnglishNotificationFormatter().Format(Content() with { LeadName = "Dana Cohen", PreviousStatusLabel = "New lead", NewStatusLabel = "Interested" });

        // Assert
        Assert.That(text.Title, Is.EqualTo("Lead status updated"));
        Assert.That(text.Body, Is.EqualTo("Lead Dana Cohen moved from \"New lead\" to \"Interested\" after a WhatsApp summary (confidence 87%)."));
    }

    [Test]
    public void English_formatter_handles_a_nameless_lead_without_a_previous_status_from_a_call() =>
        Assert.That(
            new EnglishNotificationFormatter().Format(Content() with
            {
                LeadName = null, PreviousStatusId = null, PreviousStatusLabel = null, NewStatusLabel = "Interested", Source = StatusSources.CallSummary,
            }).Body,
            Is.EqualTo("Lead #123 was set to \"Interested\" (no previous status) after a call summary (confidence 87%)."));

    [Test]
    public void Formatters_reject_a_null_notification()
    {
        Assert.That(() => new HebrewNotificationFormatter().Format(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("notification"));
        Assert.That(() => new EnglishNotificationFormatter().Format(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("notification"));
    }

    [Test]
    public void Every_kind_has_a_Hebrew_and_an_English_text()
    {
        // Act
        var texts = Enum.GetValues<NotificationKind>().Select(kind => (
            Kind: kind,
            Hebrew: new HebrewNotificationFormatter().Format(Content() with { Kind = kind }),
            English: new EnglishNotificationFormatter().Format(Content() with { Kind = kind, PreviousStatusLabel = "New lead", NewStatusLabel = "Interested" })))
            .ToList();

        // Assert
        Assert.That(texts.Select(t => (t.Kind, t.Hebrew.Title, t.Hebrew.Body, t.English.Title, t.English.Body)), Is.EqualTo(new[]
        {
            (NotificationKind.StatusChanged, "עדכון סטטוס ליד", "הליד דנה כהן עבר מסטטוס \"ליד חדש\" לסטטוס \"מעוניין\" בעקבות סיכום וואטסאפ (ביטחון 87%).",
                "Lead status updated", "Lead דנה כהן moved from \"New lead\" to \"Interested\" after a WhatsApp summary (confidence 87%)."),
            (NotificationKind.SuggestionPending, "הצעה לעדכון סטטוס ממתינה לאישור",
                "מוצע להעביר את הליד דנה כהן מסטטוס \"ליד חדש\" לסטטוס \"מעוניין\" בעקבות סיכום וואטסאפ (ביטחון 87%). ההצעה ממתינה לאישור.",
                "Status change awaiting review",
                "Lead דנה כהן: suggested move from \"New lead\" to \"Interested\" after a WhatsApp summary (confidence 87%), awaiting review."),
            (NotificationKind.ChangeReverted, "שינוי סטטוס בוטל", "השינוי בוטל: הליד דנה כהן הוחזר מסטטוס \"ליד חדש\" לסטטוס \"מעוניין\".",
                "Status change reverted", "Lead דנה כהן was moved back from \"New lead\" to \"Interested\"."),
            (NotificationKind.Digest, "סיכום עדכוני סטטוס (0)", string.Empty, "Lead status digest (0)", string.Empty),
        }));
    }

    [Test]
    public void A_digest_lists_one_line_per_change_in_Hebrew_and_in_English()
    {
        // Arrange
        var digest = Content() with
        {
            Kind = NotificationKind.Digest,
            Changes = [Content(), Content() with { LeadName = null, PreviousStatusId = null, PreviousStatusLabel = null }],
        };

        // Act
        var hebrew = new HebrewNotificationFormatter().Format(digest);
        var english = new EnglishNotificationFormatter().Format(digest);

        // Assert
        Assert.That((hebrew.Title, hebrew.Body), Is.EqualTo(("סיכום עדכוני סטטוס (2)",
            "• הליד דנה כהן עבר מסטטוס \"ליד חדש\" לסטטוס \"מעוניין\"\n• ליד #123 עבר לסטטוס \"מעוניין\" (ללא סטטוס קודם)")));
        Assert.That((english.Title, english.Body), Is.EqualTo(("Lead status digest (2)",
            "• Lead דנה כהן moved from \"ליד חדש\" to \"מעוניין\"\n• Lead #123 was set to \"מעוניין\" (no previous status)")));
    }

    [Test]
    public void A_kind_the_formatter_does_not_know_gets_the_status_change_text_instead_of_an_exception() =>
        Assert.That(new HebrewNotificationFormatter().Format(Content() with { Kind = (NotificationKind)99 }).Title, Is.EqualTo("עדכון סטטוס ליד"));

    [TestCase(NotificationKind.StatusChanged, "status_changed")]
    [TestCase(NotificationKind.SuggestionPending, "suggestion_pending")]
    [TestCase(NotificationKind.ChangeReverted, "change_reverted")]
    [TestCase(NotificationKind.Digest, "digest")]
    public void Kinds_are_stored_by_explicit_name(NotificationKind kind, string name)
    {
        Assert.That(LeadStatus.Notifications.NotificationKindNames.ToName(kind), Is.EqualTo(name));
        Assert.That(LeadStatus.Notifications.NotificationKindNames.Parse(name), Is.EqualTo(kind));
    }

    private static StatusChangeNotification Content() => new(
        Guid.NewGuid(), 42, 7, 123, "דנה כהן", "new", "ליד חדש", "interested", "מעוניין", StatusSources.WhatsAppSummary, 0.87, ChangedAt, string.Empty, string.Empty);
}
