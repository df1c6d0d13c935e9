namespace LeadStatus.Tests.Notifications;

/// <content>Bounded parallel delivery for slow gateways.</content>
public abstract partial class OutboxDispatcherTests
{
    [Test]
    public async Task A_slow_gateway_gets_up_to_MaxParallelDeliveries_calls_at_once_and_never_more()
    {
        // Arrange: each call waits until four calls are in flight at once, which one-at-a-time delivery never reaches.
        var current = 0;
        var peak = 0;
        var fourInFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gateway = new RecordingNotifier(async (_, _, ct) =>
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            if (now >= 4)
            {
                fourInFlight.TrySetResult();
            }

            await fourInFlight.Task.WaitAsync(ct);
            Interlocked.Decrement(ref current);
        });
        var services = BuildServices(b => b.AddNotifier(gateway), o => o.MaxParallelDeliveries = 4);
        for (var lead = 1; lead <= 12; lead++)
        {
            await SeedLeadAsync(services, lead, null, "new");
            await ApplyAsync(services, lead, $"wa-{lead}");
        }

        // Act
        var dispatcher = await StartDispatcherAsync(services);
        await WaitUntilAllDeliveredAsync(services, 12);
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        Assert.That(peak, Is.EqualTo(4));
        Assert.That(gateway.Calls, Is.EqualTo(12));
        Assert.That((await ReadOutboxAsync(services)).Select(r => r.Attempts), Is.All.EqualTo(1));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
