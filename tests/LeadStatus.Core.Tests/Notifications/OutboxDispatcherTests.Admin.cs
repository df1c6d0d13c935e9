using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LeadStatus.Tests.Notifications;

/// <content>The admin API and the health checks over it, on both stores.</content>
public abstract partial class OutboxDispatcherTests
{
    [Test]
    public async Task The_admin_counts_lists_dead_rows_with_their_error_requeues_them_and_purges_them()
    {
        // Arrange: the push gateway is down, so both notifications die at their single attempt.
        var down = true;
        var notifier = new RecordingNotifier((_, _, _) => down ? throw new InvalidOperationException("gateway down") : Task.CompletedTask);
        var services = BuildServices(b => b.AddNotifier(notifier), o => o.MaxAttempts = 1);
        var admin = services.GetRequiredService<INotificationAdmin>();
        for (var lead = 1; lead <= 3; lead++)
        {
            await SeedLeadAsync(services, lead, null, "new");
            await ApplyAsync(services, lead, $"wa-{lead}");
        }

        var dispatcher = await StartDispatcherAsync(services);
        await Eventually.WaitUntilAsync(async () => (await admin.GetCountsAsync(BusinessId)).Dead == 3, "three rows are dead");
        await WaitUntilIdleAsync(dispatcher);

        // Act
        var counts = await admin.GetCountsAsync(BusinessId);
        var dead = await admin.GetDeadAsync(BusinessId, limit: 2);
        down = false;
        var requeuedOne = await admin.RequeueAsync(BusinessId, dead[0].Id);
        await Eventually.WaitUntilAsync(async () => (await admin.GetCountsAsync(BusinessId)).Delivered == 1, "the requeued row is delivered");
        var purged = await admin.PurgeDeadAsync(BusinessId);
        var requeuedNone = await admin.RequeueAllAsync(BusinessId);
        var otherBusiness = await admin.GetCountsAsync(BusinessId + 1);

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(counts with { OldestPendingAge = null }, Is.EqualTo(new NotificationCounts(0, 0, 3, null)));
            Assert.That(dead.Select(d => d.Notification.LeadId), Is.EqualTo(new long[] { 3, 2 }), "newest first, limited");
            Assert.That(dead.Select(d => d.LastError), Is.All.EqualTo("RecordingNotifier: System.InvalidOperationException: gateway down"));
            Assert.That(requeuedOne, Is.True);
            Assert.That(purged, Is.EqualTo(2));
            Assert.That(requeuedNone, Is.Zero);
            Assert.That(otherBusiness, Is.EqualTo(new NotificationCounts(0, 0, 0, null)));
            Assert.That((await ReadOutboxAsync(services)).Select(r => (r.Notification.LeadId, r.State)), Is.EqualTo(new[] { (3L, OutboxState.Delivered) }));
        }
    }

    [Test]
    public async Task Requeue_all_gives_every_dead_row_of_the_business_fresh_attempts_and_nothing_of_another_business()
    {
        // Arrange
        var down = true;
        var notifier = new RecordingNotifier((_, _, _) => down ? throw new InvalidOperationException("down") : Task.CompletedTask);
        var services = BuildServices(b => b.AddNotifier(notifier), o => o.MaxAttempts = 2);
        var admin = services.GetRequiredService<INotificationAdmin>();
        for (var lead = 1; lead <= 2; lead++)
        {
            await SeedLeadAsync(services, lead, null, "new");
            await ApplyAsync(services, lead, $"wa-{lead}");
        }

        await StartDispatcherAsync(services);
        await Eventually.WaitUntilAsync(async () => (await admin.GetCountsAsync()).Dead == 2, "both rows are dead");

        // Act
        var elsewhere = await admin.RequeueAllAsync(BusinessId + 1);
        down = false;
        var requeued = await admin.RequeueAllAsync(BusinessId);
        await WaitUntilAllDeliveredAsync(services, 2);

        // Assert
        Assert.That((elsewhere, requeued), Is.EqualTo((0, 2)));
        Assert.That(notifier.Calls, Is.EqualTo(6), "two failed attempts each, then one success each");
    }

    [Test]
    public void The_admin_refuses_ids_that_are_not_positive_and_a_limit_out_of_range()
    {
        var admin = BuildServices().GetRequiredService<INotificationAdmin>();

        Assert.That(() => admin.GetCountsAsync(0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("businessId"));
        Assert.That(() => admin.GetDeadAsync(BusinessId, 1001), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("limit"));
        Assert.That(() => admin.RequeueAsync(BusinessId, -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("id"));
        Assert.That(() => admin.PurgeDeadAsync(-5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("businessId"));
    }

    [Test]
    public async Task The_health_checks_report_the_backlog_its_age_and_dead_notifications_against_their_thresholds()
    {
        // Arrange: no notifier, so rows stay pending; two of three rows pending for 10 minutes.
        var services = BuildServices(b =>
        {
            b.Services.AddHealthChecks().Add(LeadStatusHealthChecks.NotificationBacklog()).Add(LeadStatusHealthChecks.DeadNotifications(HealthStatus.Unhealthy));
            b.Services.Configure<NotificationHealthCheckOptions>(o => o.MaxPendingNotifications = 2);
        });
        var health = services.GetRequiredService<HealthCheckService>();
        await SeedLeadAsync(services, 1, null, "new");
        await SeedLeadAsync(services, 2, null, "new");
        await SeedLeadAsync(services, 3, null, "new");
        await ApplyAsync(services, 1, "wa-1");
        await ApplyAsync(services, 2, "wa-2");
        var fresh = await health.CheckHealthAsync();
        Time.Advance(TimeSpan.FromMinutes(10));
        var old = await health.CheckHealthAsync();
        await ApplyAsync(services, 3, "wa-3");
        var many = await health.CheckHealthAsync();

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fresh.Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(fresh.Entries[LeadStatusHealthChecks.NotificationBacklogName].Data["pending"], Is.EqualTo(2L));
            Assert.That(old.Entries[LeadStatusHealthChecks.NotificationBacklogName].Status, Is.EqualTo(HealthStatus.Degraded), "the oldest waited 10 min > 5 min");
            Assert.That(old.Entries[LeadStatusHealthChecks.NotificationBacklogName].Data["oldest_pending_age_seconds"], Is.EqualTo(600d));
            Assert.That(many.Entries[LeadStatusHealthChecks.NotificationBacklogName].Description, Does.StartWith("3 notification(s) pending"));
            Assert.That(many.Entries[LeadStatusHealthChecks.DeadNotificationsName].Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(many.Entries[LeadStatusHealthChecks.DeadNotificationsName].Tags, Does.Contain("leadstatus"));
        }
    }

    [Test]
    public async Task A_dead_notification_makes_the_dead_check_report_its_failure_status()
    {
        // Arrange
        var services = BuildServices(b =>
        {
            b.AddNotifier(new RecordingNotifier((_, _, _) => throw new InvalidOperationException("down")));
            b.Services.AddHealthChecks().Add(LeadStatusHealthChecks.DeadNotifications(HealthStatus.Unhealthy));
        }, o => o.MaxAttempts = 1);
        await SeedLeadAsync(services, 1, null, "new");
        await ApplyAsync(services, 1, "wa-1");
        await StartDispatcherAsync(services);
        await Eventually.WaitUntilAsync(async () => (await ReadOutboxAsync(services)).Single().State == OutboxState.Dead, "the row is dead");

        // Act
        var report = await services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        // Assert
        Assert.That(report.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(report.Entries[LeadStatusHealthChecks.DeadNotificationsName].Description, Is.EqualTo("1 dead notification(s)."));
    }
}
