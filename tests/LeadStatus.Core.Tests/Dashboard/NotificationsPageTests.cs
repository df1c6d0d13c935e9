using LeadStatus.Dashboard.Internal;

namespace LeadStatus.Tests.Dashboard;

/// <summary>How the notifications page shows the oldest pending notification's age: its largest unit or two, in each language.</summary>
public sealed class NotificationsPageTests
{
    [TestCase(null, "en", "—")]
    [TestCase(-5.0, "en", "0 s")]
    [TestCase(42.0, "en", "42 s")]
    [TestCase(7 * 60 + 59.0, "en", "7 min")]
    [TestCase(3 * 3600 + 12 * 60 + 5.0, "en", "3 h 12 min")]
    [TestCase(2 * 86400 + 5 * 3600 + 59 * 60.0, "en", "2 d 5 h")]
    [TestCase(3 * 3600 + 12 * 60 + 5.0, "he", "3 שע׳ 12 דק׳")]
    public void The_oldest_pending_age_is_shown_in_its_largest_units(double? seconds, string language, string expected)
    {
        var age = seconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;

        Assert.That(NotificationsPage.Age(age, Texts.For(language)), Is.EqualTo(expected));
    }
}
