using System.Collections.Concurrent;
using LeadStatus.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Tests.Notifications;

/// <content>Two dispatchers, a flaky notifier, and one dispatcher killed mid-run (its batch never recorded, its leases left to expire).</content>
public abstract partial class OutboxDispatcherTests
{
    [Test]
    public async Task Two_dispatchers_with_a_flaky_notifier_and_one_killed_mid_run_deliver_every_change()
    {
        // Arrange
        const int Count = 2000;
        var delivered = new ConcurrentDictionary<Guid, int>();
        var random = new Random(12);
        var gate = new Lock();
        Task Flaky(StatusChangeNotification n)
        {
            lock (gate)
            {
                if (random.NextDouble() < 0.1)
                {
                    throw new InvalidOperationException("flaky gateway");
                }
            }

            delivered.AddOrUpdate(n.NotificationId, 1, (_, c) => c + 1);
            return Task.CompletedTask;
        }

        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var victimCalls = 0;
        var survivor = new RecordingNotifier((n, _, _) => Flaky(n));
        var victim = new RecordingNotifier(async (n, _, _) =>
        {
            if (Interlocked.Increment(ref victimCalls) == 20)
            {
                killed.TrySetResult();
                await new TaskCompletionSource().Task; // the process is gone: this call never returns
            }

            await Flaky(n);
        });
        var services = BuildServices(b => b.AddNotifier(survivor), o => o.BatchSize = 16);
        for (var lead = 1; lead <= Count; lead++)
        {
            await SeedLeadAsync(services, lead, null, "new");
        }

        var outbox = new KillableOutbox(services.GetRequiredService<INotificationOutbox>(), killed.Task);
        var first = await StartDispatcherAsync(services);
        var second = await StartDispatcherAsync(ActivatorUtilities.CreateInstance<OutboxDispatcher>(services, outbox, new[] { (INotifier)victim }.AsEnumerable()));

        // Act: both dispatch while changes are applied; the second dies during its 20th call and writes nothing more.
        await Parallel.ForAsync(1, Count + 1, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (lead, _) => await ApplyAsync(services, lead, $"wa-{lead}"));
        await killed.Task.WaitAsync(Eventually.Timeout);
        await Eventually.WaitUntilAsync(
            async () => (await ReadOutboxAsync(services)).All(r => r.State == OutboxState.Delivered), "every change is delivered",
            advance: Time, step: TimeSpan.FromSeconds(30));
        await WaitUntilIdleAsync(first);

        // Assert
        var rows = await ReadOutboxAsync(services);
        var doubles = delivered.Values.Sum(c => c - 1);
        TestContext.Out.WriteLine($"{Count} changes, {doubles} double deliveries after the kill (at most the victim's unrecorded batch of 16).");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows, Has.Count.EqualTo(Count));
            Assert.That(delivered.Keys, Is.EquivalentTo(rows.Select(r => r.Notification.NotificationId)), "every change delivered at least once");
            Assert.That(doubles, Is.LessThanOrEqualTo(16));
            Assert.That(second.ExecuteTask!.IsCompleted, Is.False, "the victim never finished: its rows were taken over after their lease");
        }
    }

    /// <summary>An outbox that, once the process is 'killed', never records or releases anything again.</summary>
    private sealed class KillableOutbox(INotificationOutbox inner, Task killed) : INotificationOutbox
    {
        public Task<IReadOnlyList<ClaimedRow>> ClaimAsync(Guid dispatcherId, int batchSize, int maxClaims, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
            killed.IsCompleted ? new TaskCompletionSource<IReadOnlyList<ClaimedRow>>().Task : inner.ClaimAsync(dispatcherId, batchSize, maxClaims, now, leaseUntil, cancellationToken);

        public Task<IReadOnlyList<ClaimedRow>> ClaimGroupAsync(
            Guid dispatcherId, long businessId, DateTimeOffset changedFrom, DateTimeOffset changedTo, int maxRows, int maxClaims, DateTimeOffset now,
            DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
            killed.IsCompleted
                ? new TaskCompletionSource<IReadOnlyList<ClaimedRow>>().Task
                : inner.ClaimGroupAsync(dispatcherId, businessId, changedFrom, changedTo, maxRows, maxClaims, now, leaseUntil, cancellationToken);

        public Task<IReadOnlySet<OutboxKey>> RenewAsync(Guid dispatcherId, IReadOnlyList<OutboxKey> rows, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
            killed.IsCompleted ? new TaskCompletionSource<IReadOnlySet<OutboxKey>>().Task : inner.RenewAsync(dispatcherId, rows, leaseUntil, cancellationToken);

        public Task<IReadOnlySet<OutboxKey>> CompleteAsync(Guid dispatcherId, IReadOnlyList<RowOutcome> outcomes, CancellationToken cancellationToken) =>
            killed.IsCompleted ? new TaskCompletionSource<IReadOnlySet<OutboxKey>>().Task : inner.CompleteAsync(dispatcherId, outcomes, cancellationToken);

        public Task<int> PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken) => inner.PurgeDeliveredAsync(deliveredBefore, cancellationToken);

        public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
            killed.IsCompleted ? new TaskCompletionSource().Task : inner.WaitForWorkAsync(timeout, cancellationToken);
    }
}
