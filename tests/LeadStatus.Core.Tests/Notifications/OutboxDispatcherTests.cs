using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LeadStatus.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LeadStatus.Tests.Notifications;

/// <summary>
/// The dispatcher's behaviour against a real store through the real container. Store-agnostic: a subclass per store
/// (<see cref="InMemoryOutboxDispatcherTests"/>; PostgreSQL later) supplies the store, seeds leads and reads the outbox.
/// </summary>
/// <remarks>
/// The clock is a <see cref="FakeTimeProvider"/> that only moves when a test moves it, so leases never expire by accident;
/// the dispatcher polls every 10 ms of real time and retries without delay unless a test says otherwise.
/// </remarks>
public abstract partial class OutboxDispatcherTests
{
    protected const long BusinessId = 7;

    private readonly List<ServiceProvider> _providers = [];
    private readonly List<IHostedService> _started = [];

    protected FakeTimeProvider Time { get; private set; } = null!;

    protected InMemoryStatusCatalog Catalog { get; private set; } = null!;

    private protected CapturingLoggerProvider Logs { get; private set; } = null!;

    [SetUp]
    public void SetUpDispatcherTest()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        Logs = new CapturingLoggerProvider();
        Catalog = new InMemoryStatusCatalog();
        Catalog.Set(
            BusinessId,
            new LeadStatusDefinition("new", "ליד חדש"),
            new LeadStatusDefinition("interested", "מעוניין"),
            new LeadStatusDefinition("meeting", "נקבעה פגישה"));
    }

    [TearDown]
    public async Task TearDownDispatcherTest()
    {
        foreach (var dispatcher in _started)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await dispatcher.StopAsync(timeout.Token);
        }

        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        _started.Clear();
        _providers.Clear();
        Logs.Dispose();
    }

    /// <summary>Configures the store under test on the builder.</summary>
    protected abstract void UseStore(LeadStatusBuilder builder);

    /// <summary>Creates a lead of <see cref="BusinessId"/> in the store under test.</summary>
    protected abstract Task SeedLeadAsync(IServiceProvider services, long leadId, string? name, string statusId);

    /// <summary>Reads every outbox row of the store under test.</summary>
    protected abstract Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(IServiceProvider services);

    [Test]
    public async Task An_applied_change_is_delivered_exactly_once_with_its_formatted_text()
    {
        // Arrange
        var notifier = new RecordingNotifier();
        var services = BuildServices(b => b.AddNotifier(notifier));
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        var dispatcher = await StartDispatcherAsync(services);

        // Act
        var result = await ApplyAsync(services, 1, "wa-1");
        await WaitUntilAllDeliveredAsync(services, 1);
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        Assert.That(result.Outcome, Is.EqualTo(StatusUpdateOutcome.Applied));
        var row = (await ReadOutboxAsync(services)).Single();
        Assert.That(notifier.Received, Has.Count.EqualTo(1));
        var notification = notifier.Received.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(notification.NotificationId, Is.EqualTo(row.Notification.NotificationId));
            Assert.That(notification.EventId, Is.EqualTo(result.EventId));
            Assert.That(notification.LeadName, Is.EqualTo("דנה כהן"));
            Assert.That(notification.PreviousStatusId, Is.EqualTo("new"));
            Assert.That(notification.PreviousStatusLabel, Is.EqualTo("ליד חדש"));
            Assert.That(notification.NewStatusId, Is.EqualTo("interested"));
            Assert.That(notification.NewStatusLabel, Is.EqualTo("מעוניין"));
            Assert.That(notification.Title, Is.EqualTo("עדכון סטטוס ליד"));
            Assert.That(notification.Body, Is.EqualTo("הליד דנה כהן עבר מסטטוס \"ליד חדש\" לסטטוס \"מעוניין\" בעקבות סיכום וואטסאפ (ביטחון 87%)."));
            Assert.That(row.Notification.Kind, Is.EqualTo(NotificationKind.StatusChanged));
            Assert.That(notification.Kind, Is.EqualTo(NotificationKind.StatusChanged));
            Assert.That(row.Attempts, Is.EqualTo(1));
            Assert.That(row.DeliveredAt, Is.EqualTo(Time.GetUtcNow()));
            Assert.That(Logs.Count(2001), Is.EqualTo(1));
            Assert.That(Logs.Entries.Select(e => e.Message), Has.None.Contain("הלקוח ביקש"), "the summary text is never logged");
        }
    }

    [Test]
    public async Task A_previous_status_the_catalog_no_longer_has_is_named_by_its_id()
    {
        // Arrange
        var notifier = new RecordingNotifier();
        var services = BuildServices(b => b.AddNotifier(notifier));
        await SeedLeadAsync(services, 1, "דנה כהן", "legacy_open");
        await StartDispatcherAsync(services);

        // Act
        await ApplyAsync(services, 1, "wa-1");
        await WaitUntilAllDeliveredAsync(services, 1);

        // Assert
        var notification = notifier.Received.Single();
        Assert.That(notification.PreviousStatusLabel, Is.EqualTo("legacy_open"));
        Assert.That(notification.Body, Does.Contain("עבר מסטטוס \"legacy_open\" לסטטוס \"מעוניין\""));
    }

    [Test]
    public async Task The_dispatcher_runs_as_a_hosted_service_of_a_generic_host()
    {
        // Arrange
        var notifier = new RecordingNotifier();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(Time);
        var leadStatus = builder.Services.AddLeadStatusUpdates(o => o.Notifications.PollInterval = TimeSpan.FromMilliseconds(10));
        UseStore(leadStatus);
        leadStatus.UseStatusCatalog(Catalog).AddNotifier(notifier);
        using var host = builder.Build();
        await SeedLeadAsync(host.Services, 1, "דנה כהן", "new");

        // Act
        await host.StartAsync();
        await ApplyAsync(host.Services, 1, "wa-1");
        await WaitUntilAllDeliveredAsync(host.Services, 1);
        await host.StopAsync();

        // Assert
        Assert.That(notifier.Received.Single().NotificationId, Is.EqualTo((await ReadOutboxAsync(host.Services)).Single().Notification.NotificationId));
    }

    [Test]
    public async Task A_duplicate_or_a_change_that_was_not_applied_is_not_delivered()
    {
        // Arrange
        var notifier = new RecordingNotifier();
        var services = BuildServices(b => b.AddNotifier(notifier));
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        var dispatcher = await StartDispatcherAsync(services);

        // Act
        var outcomes = new[]
        {
            (await ApplyAsync(services, 1, "wa-1")).Outcome,
            (await ApplyAsync(services, 1, "wa-1")).Outcome,
            (await ApplyAsync(services, 1, "wa-2")).Outcome,
            (await ApplyAsync(services, 1, "wa-3", label: "נקבעה פגישה", confidence: 0.1)).Outcome,
            (await ApplyAsync(services, 1, "wa-4", label: "סטטוס שלא קיים")).Outcome,
            (await ApplyAsync(services, 99, "wa-5")).Outcome,
        };
        await WaitUntilAllDeliveredAsync(services, 1);
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        Assert.That(outcomes, Is.EqualTo(new[]
        {
            StatusUpdateOutcome.Applied, StatusUpdateOutcome.AlreadyProcessed, StatusUpdateOutcome.SameStatus,
            StatusUpdateOutcome.BelowConfidenceThreshold, StatusUpdateOutcome.UnknownLabel, StatusUpdateOutcome.LeadNotFound,
        }));
        Assert.That(await ReadOutboxAsync(services), Has.Count.EqualTo(1));
        Assert.That(notifier.Received, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_notifier_that_fails_twice_then_succeeds_delivers_once_on_the_third_attempt()
    {
        // Arrange
        var notifier = new Mock<INotifier>();
        notifier.SetupSequence(n => n.NotifyAsync(It.IsAny<StatusChangeNotification>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("push gateway 503"))
            .ThrowsAsync(new HttpRequestException("push gateway 502"))
            .Returns(Task.CompletedTask);
        var services = BuildServices(b => b.AddNotifier(notifier.Object));
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        await ApplyAsync(services, 1, "wa-1");

        // Act
        var dispatcher = await StartDispatcherAsync(services);
        await WaitUntilAllDeliveredAsync(services, 1);
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        var row = (await ReadOutboxAsync(services)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.State, Is.EqualTo(OutboxState.Delivered));
            Assert.That(row.Attempts, Is.EqualTo(3));
            Assert.That(row.LastError, Does.Contain("System.Net.Http.HttpRequestException: push gateway 502"));
            Assert.That(Logs.Count(2002), Is.EqualTo(2));
            Assert.That(Logs.Count(2001), Is.EqualTo(1));
        }

        notifier.Verify(
            n => n.NotifyAsync(It.Is<StatusChangeNotification>(x => x.NotificationId == row.Notification.NotificationId), It.IsAny<CancellationToken>()),
            Times.Exactly(3));
    }

    [Test]
    public async Task A_notifier_that_always_fails_ends_dead_after_MaxAttempts_with_its_last_error()
    {
        // Arrange
        var notifier = new RecordingNotifier((_, call, _) => throw new InvalidOperationException($"down {call}"));
        var services = BuildServices(b => b.AddNotifier(notifier), o => o.MaxAttempts = 3);
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        await ApplyAsync(services, 1, "wa-1");

        // Act
        var dispatcher = await StartDispatcherAsync(services);
        await Eventually.WaitUntilAsync(async () => (await ReadOutboxAsync(services)).Single().State == OutboxState.Dead, "the row is dead");
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        var row = (await ReadOutboxAsync(services)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Attempts, Is.EqualTo(3));
            Assert.That(row.LastError, Is.EqualTo("RecordingNotifier: System.InvalidOperationException: down 3"));
            Assert.That(row.DeliveredAt, Is.Null);
            Assert.That(notifier.Calls, Is.EqualTo(3));
            Assert.That(Logs.Count(2002), Is.EqualTo(2));
            Assert.That(Logs.Count(2003), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_notifier_that_delivered_is_not_called_again_while_another_one_is_retried()
    {
        // Arrange: push succeeds at once; SMS fails three times, then succeeds.
        var push = new RecordingNotifier();
        var sms = new RecordingNotifier((_, call, _) => call <= 3 ? throw new InvalidOperationException($"sms down {call}") : Task.CompletedTask);
        var services = BuildServices(b => b.AddNotifier(push).AddNotifier(sms));
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        await ApplyAsync(services, 1, "wa-1");

        // Act
        var dispatcher = await StartDispatcherAsync(services);
        await WaitUntilAllDeliveredAsync(services, 1);
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        var row = (await ReadOutboxAsync(services)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(push.Calls, Is.EqualTo(1), "push delivered on the first attempt and is not called again");
            Assert.That(sms.Calls, Is.EqualTo(4));
            Assert.That(sms.Completed.Select(n => n.NotificationId), Is.EqualTo(new[] { row.Notification.NotificationId }));
            Assert.That(row.Attempts, Is.EqualTo(4));
            Assert.That(row.LastError, Is.EqualTo("RecordingNotifier: System.InvalidOperationException: sms down 3"));
        }
    }

    [Test]
    public async Task Each_notifier_has_its_own_attempts_and_one_that_gives_up_does_not_stop_the_others()
    {
        // Arrange: push always fails; SMS fails once then succeeds.
        var push = new RecordingNotifier((_, call, _) => throw new InvalidOperationException($"push down {call}"));
        var sms = new RecordingNotifier((_, call, _) => call == 1 ? throw new InvalidOperationException("sms down") : Task.CompletedTask);
        var services = BuildServices(b => b.AddNotifier(push).AddNotifier(sms), o => o.MaxAttempts = 3);
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        await ApplyAsync(services, 1, "wa-1");

        // Act
        var dispatcher = await StartDispatcherAsync(services);
        await Eventually.WaitUntilAsync(async () => (await ReadOutboxAsync(services)).Single().State == OutboxState.Dead, "the row is dead");
        await WaitUntilIdleAsync(dispatcher);

        // Assert: the row is dead because push gave up, but SMS delivered it (twice called: one failure, one success).
        var row = (await ReadOutboxAsync(services)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(push.Calls, Is.EqualTo(3));
            Assert.That(sms.Calls, Is.EqualTo(2));
            Assert.That(sms.Completed, Has.Count.EqualTo(1));
            Assert.That(row.LastError, Is.EqualTo("RecordingNotifier: System.InvalidOperationException: push down 3"));
            Assert.That(Logs.Count(2003), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_notifier_that_never_returns_and_ignores_its_token_times_out_and_the_rest_is_delivered()
    {
        // Arrange: the notifier hangs for lead 1 for good, ignoring its token; the other leads' notifications are fine.
        var hung = new RecordingNotifier((n, _, _) => n.LeadId == 1 ? new TaskCompletionSource().Task : Task.CompletedTask);
        var services = BuildServices(b => b.AddNotifier(hung), o =>
        {
            o.AttemptTimeout = TimeSpan.FromSeconds(30);
            o.MaxAttempts = 2;
        });
        for (var lead = 1; lead <= 4; lead++)
        {
            await SeedLeadAsync(services, lead, null, "new");
            await ApplyAsync(services, lead, $"wa-{lead}");
        }

        // Act: time moves only when the test moves it, so the timeout fires exactly when the clock passes it.
        var dispatcher = await StartDispatcherAsync(services);
        await Eventually.WaitUntilAsync(
            async () => (await ReadOutboxAsync(services)).Count(r => r.State == OutboxState.Delivered) == 3 && hung.Calls >= 2,
            "the other rows are delivered and the hung one was tried twice",
            advance: Time,
            step: TimeSpan.FromSeconds(10));
        await Eventually.WaitUntilAsync(async () => (await ReadOutboxAsync(services)).Single(r => r.Notification.LeadId == 1).State == OutboxState.Dead, "the hung row is dead", advance: Time, step: TimeSpan.FromSeconds(10));
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        var rows = await ReadOutboxAsync(services);
        var dead = rows.Single(r => r.Notification.LeadId == 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows.Where(r => r.Notification.LeadId != 1).Select(r => r.State), Is.All.EqualTo(OutboxState.Delivered));
            Assert.That(dead.LastError, Is.EqualTo("RecordingNotifier: System.TimeoutException: The notifier did not complete within the attempt timeout of 00:00:30."));
            Assert.That(dead.Attempts, Is.EqualTo(2));
            Assert.That(hung.Received.Count(n => n.LeadId == 1), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task A_slow_notifier_keeps_its_lease_because_the_dispatcher_renews_it()
    {
        // Arrange: each call takes 20 s of the clock; 10 rows take 200 s, well past a 1-minute lease.
        var slow = new RecordingNotifier((_, _, _) =>
        {
            Time.Advance(TimeSpan.FromSeconds(20));
            return Task.CompletedTask;
        });
        var services = BuildServices(b => b.AddNotifier(slow), o =>
        {
            o.LeaseDuration = TimeSpan.FromMinutes(1);
            o.AttemptTimeout = TimeSpan.FromSeconds(25);
        });
        for (var lead = 1; lead <= 10; lead++)
        {
            await SeedLeadAsync(services, lead, null, "new");
            await ApplyAsync(services, lead, $"wa-{lead}");
        }

        // Act
        var dispatcher = await StartDispatcherAsync(services);
        await WaitUntilAllDeliveredAsync(services, 10);
        await WaitUntilIdleAsync(dispatcher);

        // Assert: no row lost its lease (2008), none was tried twice.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Logs.Count(2008), Is.Zero);
            Assert.That(slow.Calls, Is.EqualTo(10));
            Assert.That((await ReadOutboxAsync(services)).Select(r => r.Attempts), Is.All.EqualTo(1));
        }
    }

    [Test]
    public async Task A_row_whose_delivery_kills_the_process_every_time_ends_dead_as_poison_and_the_others_are_delivered()
    {
        // Arrange: five dispatchers die while delivering lead 1 (a claim whose lease runs out with no result, five times).
        var services = BuildServices(b => b.AddNotifier(new RecordingNotifier()), o => o.MaxAttempts = 5);
        await SeedLeadAsync(services, 1, null, "new");
        await ApplyAsync(services, 1, "wa-1");
        var outbox = services.GetRequiredService<INotificationOutbox>();
        for (var kill = 0; kill < 5; kill++)
        {
            var now = Time.GetUtcNow();
            Assert.That(await outbox.ClaimAsync(Guid.NewGuid(), 1, 5, now, now.AddMinutes(2), CancellationToken.None), Has.Count.EqualTo(1));
            Time.Advance(TimeSpan.FromMinutes(3));
        }

        for (var lead = 2; lead <= 3; lead++)
        {
            await SeedLeadAsync(services, lead, null, "new");
            await ApplyAsync(services, lead, $"wa-{lead}");
        }

        // Act
        var dispatcher = await StartDispatcherAsync(services);
        await Eventually.WaitUntilAsync(async () => (await ReadOutboxAsync(services)).Count(r => r.State != OutboxState.Pending) == 3, "every row is done");
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        var rows = await ReadOutboxAsync(services);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows.Select(r => (r.Notification.LeadId, r.State)), Is.EquivalentTo(new[] { (1L, OutboxState.Dead), (2L, OutboxState.Delivered), (3L, OutboxState.Delivered) }));
            Assert.That(rows.Single(r => r.Notification.LeadId == 1).LastError, Does.StartWith("Poison: claimed 5 times without a recorded result"));
            Assert.That(Logs.Count(2012), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_batch_that_fails_on_a_database_error_releases_its_rows_instead_of_waiting_out_the_lease()
    {
        // Arrange: the lease must be renewed before the first call (the attempt timeout exceeds it), and the renewal fails once.
        var notifier = new RecordingNotifier();
        var services = BuildServices(b => b.AddNotifier(notifier), o =>
        {
            o.LeaseDuration = TimeSpan.FromMinutes(1);
            o.AttemptTimeout = TimeSpan.FromMinutes(2);
        });
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        await ApplyAsync(services, 1, "wa-1");
        var flaky = new FlakyOutbox(services.GetRequiredService<INotificationOutbox>(), failingClaims: 0, failingRenewals: 1);

        // Act: the clock moves 1 s per poll (to let the error back-off pass), far less than the 1-minute lease.
        var start = Time.GetUtcNow();
        await StartDispatcherAsync(ActivatorUtilities.CreateInstance<OutboxDispatcher>(services, flaky));
        await Eventually.WaitUntilAsync(() => notifier.Calls > 0, "the row is delivered after the error", advance: Time, step: TimeSpan.FromSeconds(1));
        await WaitUntilAllDeliveredAsync(services, 1);

        // Assert
        Assert.That(Logs.Count(2007), Is.EqualTo(1));
        Assert.That(Time.GetUtcNow() - start, Is.LessThan(TimeSpan.FromMinutes(1)), "delivered before the lease would have expired");
        Assert.That((await ReadOutboxAsync(services)).Single().Attempts, Is.EqualTo(1), "the failed batch spent no attempt");
    }

    [Test]
    public async Task Delivery_results_are_counted_by_result_and_source()
    {
        // Arrange
        var results = new ConcurrentQueue<(string? Result, string? Source)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "LeadStatus" && instrument.Name == "leadstatus.notifications")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var all = tags.ToArray();
            results.Enqueue((all.Single(t => t.Key == "result").Value as string, all.Single(t => t.Key == "source").Value as string));
        });
        listener.Start();
        var notifier = new RecordingNotifier((_, call, _) => call == 1 ? throw new InvalidOperationException("down") : Task.CompletedTask);
        var services = BuildServices(b => b.AddNotifier(notifier));
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        await ApplyAsync(services, 1, "call-1", source: StatusSources.CallSummary);

        // Act: wait on what is asserted (the counter), not on the row: the row is acknowledged before the counter moves.
        var dispatcher = await StartDispatcherAsync(services);
        await Eventually.WaitUntilAsync(() => results.Any(r => r.Result == "delivered"), "the delivery is counted");
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        Assert.That(results, Is.EqualTo(new (string?, string?)[] { ("failed", "call_summary"), ("delivered", "call_summary") }));
    }

    [Test]
    public async Task Rows_of_a_dispatcher_that_was_disposed_are_released_and_delivered_by_another_at_once()
    {
        // Arrange: the first dispatcher's notifier hangs until the dispatcher goes away.
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hanging = new RecordingNotifier(async (_, _, ct) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        var services = BuildServices(b => b.AddNotifier(hanging), o => o.LeaseDuration = TimeSpan.FromMinutes(2));
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        await ApplyAsync(services, 1, "wa-1");
        var first = await StartDispatcherAsync(services);
        await entered.Task.WaitAsync(Eventually.Timeout);

        // Act: dispose (a rolling deploy stops the old instance), then a new dispatcher runs; the clock does not move.
        first.Dispose();
        await first.ExecuteTask!.WaitAsync(Eventually.Timeout);
        var afterStop = (await ReadOutboxAsync(services)).Single();
        var healthy = new RecordingNotifier();
        await StartDispatcherAsync(services, healthy);
        await WaitUntilAllDeliveredAsync(services, 1);

        // Assert
        var row = (await ReadOutboxAsync(services)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterStop.State, Is.EqualTo(OutboxState.Pending));
            Assert.That(afterStop.LastError, Is.Null, "a dispatcher going away is not a failed attempt");
            Assert.That(Logs.Count(2011), Is.EqualTo(1), "the row was released");
            Assert.That(healthy.Received.Select(n => n.NotificationId), Is.EqualTo(new[] { row.Notification.NotificationId }));
            Assert.That(hanging.Received.Single().NotificationId, Is.EqualTo(row.Notification.NotificationId));
            Assert.That(row.Attempts, Is.EqualTo(1), "the interrupted claim spent no attempt");
        }
    }

    [Test]
    public async Task Two_dispatchers_deliver_a_thousand_changes_without_loss_or_double_delivery()
    {
        // Arrange
        const int Count = 1000;
        var deliveries = new ConcurrentDictionary<Guid, int>();
        var notifier = new RecordingNotifier((n, _, _) =>
        {
            deliveries.AddOrUpdate(n.NotificationId, 1, (_, c) => c + 1);
            return Task.CompletedTask;
        });
        var services = BuildServices(b => b.AddNotifier(notifier), o => o.BatchSize = 16);
        for (var lead = 1; lead <= Count; lead++)
        {
            await SeedLeadAsync(services, lead, $"ליד {lead}", "new");
        }

        var one = await StartDispatcherAsync(services);
        var two = await StartDispatcherAsync(services, notifier);

        // Act
        var outcomes = new ConcurrentBag<StatusUpdateOutcome>();
        await Parallel.ForAsync(1, Count + 1, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (lead, _) =>
            outcomes.Add((await ApplyAsync(services, lead, $"wa-{lead}")).Outcome));
        await WaitUntilAllDeliveredAsync(services, Count);
        await WaitUntilIdleAsync(Time, one, two);

        // Assert
        var rows = await ReadOutboxAsync(services);
        Assert.That(outcomes, Has.Count.EqualTo(Count).And.All.EqualTo(StatusUpdateOutcome.Applied));
        Assert.That(rows, Has.Count.EqualTo(Count));
        Assert.That(deliveries.Keys, Is.EquivalentTo(rows.Select(r => r.Notification.NotificationId)));
        Assert.That(deliveries.Values, Is.All.EqualTo(1));
    }

    [Test]
    public async Task Stopping_the_host_mid_batch_loses_nothing_and_redelivers_with_the_same_NotificationId()
    {
        // Arrange: the first dispatcher delivers four rows of its batch and is stopped during the fifth.
        const int Count = 10;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new RecordingNotifier(async (_, call, ct) =>
        {
            if (call == 5)
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        });
        var services = BuildServices(b => b.AddNotifier(stopped));
        for (var lead = 1; lead <= Count; lead++)
        {
            await SeedLeadAsync(services, lead, null, "new");
            await ApplyAsync(services, lead, $"call-{lead}", source: StatusSources.CallSummary);
        }

        var first = await StartDispatcherAsync(services);
        await entered.Task.WaitAsync(Eventually.Timeout);

        // Act
        await first.StopAsync(CancellationToken.None);
        var afterStop = await ReadOutboxAsync(services);
        var restarted = new RecordingNotifier();
        await StartDispatcherAsync(services, restarted); // the clock does not move: the stopped dispatcher released its rows
        await WaitUntilAllDeliveredAsync(services, Count);

        // Assert
        var rows = await ReadOutboxAsync(services);
        var interrupted = stopped.Received.ElementAt(4).NotificationId;
        var delivered = stopped.Completed.Concat(restarted.Received).Select(n => n.NotificationId).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterStop.Count(r => r.State == OutboxState.Delivered), Is.EqualTo(4));
            Assert.That(afterStop.Select(r => r.LastError), Is.All.Null, "stopping is not a failed attempt");
            Assert.That(afterStop.Select(r => r.State), Has.None.EqualTo(OutboxState.Dead));
            Assert.That(rows.Select(r => r.Notification.NotificationId), Is.SubsetOf(delivered), "at least once");
            Assert.That(restarted.Received.Select(n => n.NotificationId), Does.Contain(interrupted), "redelivered with the same id");
            Assert.That(restarted.Received, Has.Count.EqualTo(Count - 4), "acknowledged rows are not redelivered");
        }
    }

    [Test]
    public async Task Without_a_notifier_a_warning_is_logged_once_and_rows_stay_pending()
    {
        // Arrange
        var services = BuildServices();
        await SeedLeadAsync(services, 1, "דנה כהן", "new");

        // Act
        var dispatcher = await StartDispatcherAsync(services);
        await ApplyAsync(services, 1, "wa-1");
        await dispatcher.ExecuteTask!.WaitAsync(Eventually.Timeout); // it logs and returns: nothing can happen after that

        // Assert
        var row = (await ReadOutboxAsync(services)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Logs.Entries.Where(e => e.EventId.Id == 2004).Select(e => (e.Level, e.Category)), Is.EqualTo(new[] { (LogLevel.Warning, "LeadStatus") }));
            Assert.That(row.State, Is.EqualTo(OutboxState.Pending));
            Assert.That(row.Attempts, Is.Zero, "rows are not claimed");
            Assert.That(Logs.Count(2004), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_disabled_dispatcher_delivers_nothing()
    {
        // Arrange
        var notifier = new RecordingNotifier();
        var services = BuildServices(b => b.AddNotifier(notifier), o => o.DispatcherEnabled = false);
        await SeedLeadAsync(services, 1, "דנה כהן", "new");

        // Act
        var dispatcher = await StartDispatcherAsync(services);
        await ApplyAsync(services, 1, "wa-1");
        await dispatcher.ExecuteTask!.WaitAsync(Eventually.Timeout); // it logs and returns: nothing can happen after that

        // Assert
        Assert.That((await ReadOutboxAsync(services)).Single().State, Is.EqualTo(OutboxState.Pending));
        Assert.That(notifier.Calls, Is.Zero);
        Assert.That(Logs.Count(2005), Is.EqualTo(1));
    }

    [Test]
    public async Task A_store_error_is_logged_and_retried_without_stopping_the_dispatcher()
    {
        // Arrange
        var notifier = new RecordingNotifier();
        var services = BuildServices(b => b.AddNotifier(notifier));
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        await ApplyAsync(services, 1, "wa-1");
        var flaky = new FlakyOutbox(services.GetRequiredService<INotificationOutbox>(), failingClaims: 2);

        // Act
        await StartDispatcherAsync(ActivatorUtilities.CreateInstance<OutboxDispatcher>(services, flaky));
        await Eventually.WaitUntilAsync(() => notifier.Calls > 0, "the row is delivered after the outage", advance: Time);
        await WaitUntilAllDeliveredAsync(services, 1);

        // Assert
        Assert.That(Logs.Count(2007), Is.EqualTo(2));
        Assert.That(notifier.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task Delivered_rows_are_purged_after_the_retention_period()
    {
        // Arrange
        var services = BuildServices(b => b.AddNotifier(new RecordingNotifier()), o => o.RetentionPeriod = TimeSpan.FromDays(1));
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        var dispatcher = await StartDispatcherAsync(services);
        await ApplyAsync(services, 1, "wa-1");
        await WaitUntilAllDeliveredAsync(services, 1);

        // Act
        Time.Advance(TimeSpan.FromHours(12));
        await WaitUntilIdleAsync(dispatcher); // a purge runs before every claim once due
        var halfway = await ReadOutboxAsync(services);
        Time.Advance(TimeSpan.FromHours(13));

        // Assert
        Assert.That(halfway, Has.Count.EqualTo(1), "kept during the retention period");
        await Eventually.WaitUntilAsync(async () => (await ReadOutboxAsync(services)).Count == 0, "the delivered row is purged");
    }

    [Test]
    public async Task The_formatter_is_replaceable_through_the_builder()
    {
        // Arrange
        var notifier = new RecordingNotifier();
        var services = BuildServices(b => b.AddNotifier(notifier).UseNotificationFormatter<EnglishNotificationFormatter>());
        await SeedLeadAsync(services, 1, "Dana Cohen", "new");
        await StartDispatcherAsync(services);

        // Act
        await ApplyAsync(services, 1, "call-1", source: StatusSources.CallSummary, confidence: 0.915);
        await WaitUntilAllDeliveredAsync(services, 1);

        // Assert
        var notification = notifier.Received.Single();
        Assert.That(notification.Title, Is.EqualTo("Lead status updated"));
        Assert.That(notification.Body, Is.EqualTo("Lead Dana Cohen moved from \"ליד חדש\" to \"מעוניין\" after a call summary (confidence 92%)."));
    }

    [Test]
    public async Task A_formatter_instance_replaces_the_default_and_its_failure_is_a_failed_attempt()
    {
        // Arrange
        var formatter = new Mock<INotificationFormatter>();
        formatter.SetupSequence(f => f.Format(It.IsAny<StatusChangeNotification>()))
            .Throws(new FormatException("bad template"))
            .Returns(new NotificationText("title", "body"));
        var notifier = new RecordingNotifier();
        var services = BuildServices(b => b.AddNotifier(notifier).UseNotificationFormatter(formatter.Object));
        await SeedLeadAsync(services, 1, "דנה כהן", "new");
        await ApplyAsync(services, 1, "wa-1");

        // Act
        await StartDispatcherAsync(services);
        await WaitUntilAllDeliveredAsync(services, 1);

        // Assert
        var row = (await ReadOutboxAsync(services)).Single();
        Assert.That(notifier.Received.Single().Body, Is.EqualTo("body"));
        Assert.That(row.Attempts, Is.EqualTo(2));
        Assert.That(row.LastError, Does.EndWith("System.FormatException: bad template"));
    }

    protected ServiceProvider BuildServices(Action<LeadStatusBuilder>? configure = null, Action<NotificationOptions>? options = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<TimeProvider>(Time);
        var builder = services.AddLeadStatusUpdates(o =>
        {
            o.Notifications.PollInterval = TimeSpan.FromMilliseconds(10);
            o.Notifications.InitialRetryDelay = TimeSpan.Zero;
            o.Notifications.MaxRetryDelay = TimeSpan.Zero;
            options?.Invoke(o.Notifications);
        });
        UseStore(builder);
        builder.UseStatusCatalog(Catalog);
        configure?.Invoke(builder);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>Starts the container's dispatcher, or a second dispatcher instance with its own notifier on the same store.</summary>
    private protected Task<OutboxDispatcher> StartDispatcherAsync(IServiceProvider services, INotifier? notifier = null) =>
        StartDispatcherAsync(notifier is null
            ? services.GetServices<IHostedService>().OfType<OutboxDispatcher>().Single()
            : ActivatorUtilities.CreateInstance<OutboxDispatcher>(services, new[] { notifier }.AsEnumerable()));

    private protected async Task<OutboxDispatcher> StartDispatcherAsync(OutboxDispatcher dispatcher)
    {
        await dispatcher.StartAsync(CancellationToken.None);
        _started.Add(dispatcher);
        return dispatcher;
    }

    protected static Task<StatusUpdateResult> ApplyAsync(
        IServiceProvider services, long leadId, string eventId, string label = "מעוניין", string source = StatusSources.WhatsAppSummary, double confidence = 0.87) =>
        services.GetRequiredService<IStatusUpdateService>().ApplyFromRecommendationAsync(
            new StatusRecommendation(BusinessId, leadId, $"הלקוח ביקש הצעת מחיר. [המלצה: {label}]", source, eventId, confidence));

    /// <summary>
    /// Waits until every dispatcher finished two claims that found nothing after this call: the signal that it has nothing more to
    /// do (no fixed delay). A claim that began before the call may have been empty; the second one began after it.
    /// </summary>
    private protected static Task WaitUntilIdleAsync(params OutboxDispatcher[] dispatchers) => WaitUntilIdleAsync(null, dispatchers);

    /// <summary>
    /// As <see cref="WaitUntilIdleAsync(OutboxDispatcher[])"/>, moving <paramref name="clock"/> 1 ms per poll: a dispatcher whose
    /// <c>LISTEN</c> connection could not be opened (a busy shared test server) waits out its poll interval on the host's clock, here
    /// the fake one, and would otherwise never claim again once no more writes wake it. For tests that do not compare times.
    /// </summary>
    private protected static Task WaitUntilIdleAsync(FakeTimeProvider? clock, params OutboxDispatcher[] dispatchers)
    {
        var start = dispatchers.Select(d => d.IdleClaims).ToArray();
        return Eventually.WaitUntilAsync(
            () => dispatchers.Select((d, i) => d.IdleClaims >= start[i] + 2).All(idle => idle), "the dispatcher(s) have nothing more to do",
            clock, TimeSpan.FromMilliseconds(1));
    }

    protected Task WaitUntilAllDeliveredAsync(IServiceProvider services, int count) => Eventually.WaitUntilAsync(
        async () => (await ReadOutboxAsync(services)) is var rows && rows.Count == count && rows.All(r => r.State == OutboxState.Delivered),
        $"{count} row(s) are delivered");
}
