using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Tests.Notifications;

/// <content>Quiet hours per business, on both stores, on the fake clock.</content>
public abstract partial class OutboxDispatcherTests
{
    [Test]
    public async Task A_change_in_the_business_quiet_hours_is_applied_at_once_and_notified_when_the_window_ends()
    {
        // Arrange: 22:00–07:00 in Asia/Jerusalem; the clock reads 23:00 local (21:00 UTC in winter).
        var notifier = new RecordingNotifier();
        var services = BuildServices(b => b.AddNotifier(notifier));
        services.GetRequiredService<InMemoryNotificationPreferences>().Set(
            BusinessId, new NotificationPreferences { QuietHours = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0), "Asia/Jerusalem") });
        Time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 21, 0, 0, TimeSpan.Zero));
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        var dispatcher = await StartDispatcherAsync(services);

        // Act
        var result = await ApplyAsync(services, 1, "wa-1");
        await Eventually.WaitUntilAsync(() => Logs.Count(2013) > 0, "the notification is held");
        await WaitUntilIdleAsync(dispatcher);
        var atNight = (await ReadOutboxAsync(services)).Single();
        var callsAtNight = notifier.Calls;
        Time.SetUtcNow(new DateTimeOffset(2026, 1, 6, 5, 0, 0, TimeSpan.Zero)); // 07:00 local
        await WaitUntilAllDeliveredAsync(services, 1);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied), "the status change itself is never delayed");
            Assert.That((atNight.State, atNight.Attempts, callsAtNight), Is.EqualTo((OutboxState.Pending, 0, 0)));
            Assert.That(notifier.Calls, Is.EqualTo(1));
            Assert.That((await ReadOutboxAsync(services)).Single().DeliveredAt, Is.EqualTo(new DateTimeOffset(2026, 1, 6, 5, 0, 0, TimeSpan.Zero)));
        }
    }

    [Test]
    public async Task A_preferences_provider_that_fails_holds_nothing_back()
    {
        // Arrange
        var notifier = new RecordingNotifier();
        var provider = new Moq.Mock<INotificationPreferencesProvider>();
        provider.Setup(p => p.GetPreferencesAsync(Moq.It.IsAny<long>(), Moq.It.IsAny<CancellationToken>())).Throws(new InvalidOperationException("settings db down"));
        var services = BuildServices(b => b.AddNotifier(notifier).UseNotificationPreferences(provider.Object));
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        await StartDispatcherAsync(services);

        // Act
        await ApplyAsync(services, 1, "wa-1");
        await WaitUntilAllDeliveredAsync(services, 1);

        // Assert
        Assert.That(notifier.Calls, Is.EqualTo(1));
        Assert.That(Logs.Count(2014), Is.EqualTo(1));
    }
}
