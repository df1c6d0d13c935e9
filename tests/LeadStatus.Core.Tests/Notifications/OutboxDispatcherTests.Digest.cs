using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Tests.Notifications;

/// <content>Digest mode per business, on both stores, on the fake clock.</content>
public abstract partial class OutboxDispatcherTests
{
    [Test]
    public async Task In_digest_mode_fifty_changes_of_an_interval_are_one_notification_with_a_stable_id()
    {
        // Arrange: 15-minute digests; batches of 16, so the digest spans several batches' worth of rows.
        var notifier = new RecordingNotifier((_, call, _) => call == 1 ? throw new InvalidOperationException("push down") : Task.CompletedTask);
        var services = BuildServices(b => b.AddNotifier(notifier), o => o.BatchSize = 16);
        services.GetRequiredService<InMemoryNotificationPreferences>().Set(BusinessId, new NotificationPreferences { DigestInterval = TimeSpan.FromMinutes(15) });
        Time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 9, 3, 0, TimeSpan.Zero));
        for (var lead = 1; lead <= 50; lead++)
        {
            await SeedLeadAsync(services, lead, $"ליד {lead}", "new");
        }

        var dispatcher = await StartDispatcherAsync(services);

        // Act: fifty changes at 09:03, nothing delivered before 09:15, then one digest (retried once, with the same id).
        for (var lead = 1; lead <= 50; lead++)
        {
            await ApplyAsync(services, lead, $"wa-{lead}");
        }

        await Eventually.WaitUntilAsync(() => Logs.Count(2013) >= 50, "every change is gathered");
        await WaitUntilIdleAsync(dispatcher);
        var callsBefore = notifier.Calls;
        Time.SetUtcNow(new DateTimeOffset(2026, 1, 5, 9, 15, 0, TimeSpan.Zero));
        await WaitUntilAllDeliveredAsync(services, 50);
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        var digest = notifier.Completed.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(callsBefore, Is.Zero);
            Assert.That(notifier.Calls, Is.EqualTo(2), "one failed attempt, one delivery");
            Assert.That(notifier.Received.Select(n => n.NotificationId).Distinct().Count(), Is.EqualTo(1), "the redelivery has the same id");
            Assert.That(digest.Kind, Is.EqualTo(NotificationKind.Digest));
            Assert.That(digest.BusinessId, Is.EqualTo(BusinessId));
            Assert.That(digest.Changes, Has.Count.EqualTo(50));
            Assert.That(digest.Changes.Select(c => c.LeadId), Is.EqualTo(Enumerable.Range(1, 50).Select(i => (long)i)));
            Assert.That(digest.Changes[0].PreviousStatusLabel, Is.EqualTo("ליד חדש"));
            Assert.That(digest.Title, Is.EqualTo("סיכום עדכוני סטטוס (50)"));
            Assert.That(digest.Body.Split('\n')[0], Is.EqualTo("• הליד ליד 1 עבר מסטטוס \"ליד חדש\" לסטטוס \"מעוניין\""));
            Assert.That(digest.ChangedAt, Is.EqualTo(new DateTimeOffset(2026, 1, 5, 9, 15, 0, TimeSpan.Zero)));
        }
    }

    [Test]
    public async Task A_business_without_a_digest_is_notified_per_change_while_another_gets_digests()
    {
        // Arrange: only business 8 is in digest mode; the test's business is not.
        var notifier = new RecordingNotifier();
        var services = BuildServices(b => b.AddNotifier(notifier));
        services.GetRequiredService<InMemoryNotificationPreferences>().Set(BusinessId + 1, new NotificationPreferences { DigestInterval = TimeSpan.FromMinutes(15) });
        await SeedLeadAsync(services, 1, null, "new");
        await SeedLeadAsync(services, 2, null, "new");
        await StartDispatcherAsync(services);

        // Act
        await ApplyAsync(services, 1, "wa-1");
        await ApplyAsync(services, 2, "wa-2");
        await WaitUntilAllDeliveredAsync(services, 2);

        // Assert
        Assert.That(notifier.Completed.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.StatusChanged, NotificationKind.StatusChanged }));
    }
}
