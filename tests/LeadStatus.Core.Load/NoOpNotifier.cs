namespace LeadStatus.Load;

/// <summary>A notifier that does nothing: the harness measures the library, not a gateway.</summary>
internal sealed class NoOpNotifier : INotifier
{
    public Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
