namespace LeadStatus.Tests.Notifications;

public sealed class QuietHoursTests
{
    private static readonly QuietHours Night = new(new TimeOnly(22, 0), new TimeOnly(7, 0), "Asia/Jerusalem");

    // Winter: Israel Standard Time, UTC+2.
    [TestCase("2026-01-05T21:30:00Z", "2026-01-06T05:00:00Z", TestName = "23:30 local holds until 07:00 the next morning")]
    [TestCase("2026-01-05T04:59:00Z", "2026-01-05T05:00:00Z", TestName = "06:59 local holds until 07:00 the same morning")]
    [TestCase("2026-01-05T20:00:00Z", "2026-01-06T05:00:00Z", TestName = "22:00 local, the start, is inside")]
    [TestCase("2026-01-05T05:00:00Z", null, TestName = "07:00 local, the end, is outside")]
    [TestCase("2026-01-05T19:59:00Z", null, TestName = "21:59 local is outside")]
    [TestCase("2026-01-05T12:00:00Z", null, TestName = "14:00 local is outside")]
    // Summer: Israel Daylight Time, UTC+3.
    [TestCase("2026-07-01T20:00:00Z", "2026-07-02T04:00:00Z", TestName = "23:00 local in summer holds until 07:00 IDT")]
    public void A_window_across_midnight_holds_until_its_end_in_the_business_time_zone(string now, string? until) =>
        Assert.That(Night.EndOfWindowAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(until is null ? null : DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture)));

    [Test]
    public void An_end_skipped_by_the_spring_daylight_saving_jump_is_the_first_instant_after_it()
    {
        // Israel moves from 02:00 IST to 03:00 IDT on Friday 27 March 2026: 02:30 does not exist that night.
        var window = new QuietHours(new TimeOnly(22, 0), new TimeOnly(2, 30), "Asia/Jerusalem");

        var until = window.EndOfWindowAt(new DateTimeOffset(2026, 3, 26, 21, 0, 0, TimeSpan.Zero)); // 23:00 IST

        Assert.That(until, Is.EqualTo(new DateTimeOffset(2026, 3, 27, 3, 0, 0, TimeSpan.FromHours(3))));
    }

    [Test]
    public void An_end_that_occurs_twice_in_the_autumn_is_its_first_occurrence()
    {
        // Israel moves from 02:00 IDT back to 01:00 IST on Sunday 25 October 2026: 01:30 occurs twice.
        var window = new QuietHours(new TimeOnly(22, 0), new TimeOnly(1, 30), "Asia/Jerusalem");

        var until = window.EndOfWindowAt(new DateTimeOffset(2026, 10, 24, 20, 0, 0, TimeSpan.Zero)); // 23:00 IDT

        Assert.That(until, Is.EqualTo(new DateTimeOffset(2026, 10, 25, 1, 30, 0, TimeSpan.FromHours(3))));
    }

    [Test]
    public void A_daytime_window_holds_only_inside_it()
    {
        var lunch = new QuietHours(new TimeOnly(12, 0), new TimeOnly(13, 0), "Asia/Jerusalem");

        Assert.That(lunch.EndOfWindowAt(new DateTimeOffset(2026, 1, 5, 10, 30, 0, TimeSpan.Zero)), Is.EqualTo(new DateTimeOffset(2026, 1, 5, 13, 0, 0, TimeSpan.FromHours(2))));
        Assert.That(lunch.EndOfWindowAt(new DateTimeOffset(2026, 1, 5, 11, 0, 0, TimeSpan.Zero)), Is.Null);
    }

    [Test]
    public void An_empty_window_or_an_unknown_time_zone_is_refused_naming_the_argument()
    {
        Assert.That(() => new QuietHours(new TimeOnly(7, 0), new TimeOnly(7, 0), "Asia/Jerusalem"),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("end"));
        Assert.That(() => new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0), "Middle/Nowhere"),
            Throws.ArgumentException.With.Property("ParamName").EqualTo("timeZoneId"));
    }
}
