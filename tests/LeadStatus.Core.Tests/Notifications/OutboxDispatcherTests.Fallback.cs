using Microsoft.Extensions.DependencyInjection;

namespace LeadStatus.Tests.Notifications;

/// <content>Fallback notifiers: SMS only when push has failed N times or given up.</content>
public abstract partial class OutboxDispatcherTests
{
    [Test]
    public async Task A_fallback_is_called_after_the_primary_failed_enough_times_and_then_the_primary_is_left_alone()
    {
        // Arrange: push is down; SMS is the fallback after two push failures.
        var services = BuildServices(b => b.AddNotifier<PushNotifier>().AddFallbackNotifier<SmsNotifier, PushNotifier>(afterFailures: 2));
        var push = services.GetServices<INotifier>().OfType<PushNotifier>().Single();
        var sms = services.GetServices<INotifier>().OfType<SmsNotifier>().Single();
        push.Down = true;
        await SeedLeadAsync(services, 1, null, "new");
        await ApplyAsync(services, 1, "wa-1");

        // Act
        var dispatcher = await StartDispatcherAsync(services);
        await WaitUntilAllDeliveredAsync(services, 1);
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        Assert.That((push.Calls, sms.Calls), Is.EqualTo((2, 1)));
        Assert.That((await ReadOutboxAsync(services)).Single().Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task A_fallback_is_never_called_when_the_primary_delivers()
    {
        // Arrange
        var services = BuildServices(b => b.AddNotifier<PushNotifier>().AddFallbackNotifier<SmsNotifier, PushNotifier>());
        var push = services.GetServices<INotifier>().OfType<PushNotifier>().Single();
        var sms = services.GetServices<INotifier>().OfType<SmsNotifier>().Single();
        await SeedLeadAsync(services, 1, null, "new");
        await ApplyAsync(services, 1, "wa-1");

        // Act
        var dispatcher = await StartDispatcherAsync(services);
        await WaitUntilAllDeliveredAsync(services, 1);
        await WaitUntilIdleAsync(dispatcher);

        // Assert
        Assert.That((push.Calls, sms.Calls), Is.EqualTo((1, 0)));
    }

    [Test]
    public void A_fallback_threshold_out_of_range_is_refused() =>
        Assert.That(
            () => new ServiceCollection().AddLeadStatusUpdates().AddFallbackNotifier<SmsNotifier, PushNotifier>(0),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("afterFailures"));

    private sealed class PushNotifier : INotifier
    {
        private int _calls;

        public bool Down { get; set; }

        public int Calls => Volatile.Read(ref _calls);

        public Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return Down ? throw new HttpRequestException("push gateway 503") : Task.CompletedTask;
        }
    }

    private sealed class SmsNotifier : INotifier
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return Task.CompletedTask;
        }
    }
}
