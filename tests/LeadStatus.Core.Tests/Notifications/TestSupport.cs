using System.Collections.Concurrent;
using System.Diagnostics;
using LeadStatus.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LeadStatus.Tests.Notifications;

/// <summary>Polls a condition instead of sleeping a fixed time; optionally moves a fake clock forward between polls.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string description, FakeTimeProvider? advance = null, TimeSpan? step = null)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > Timeout)
            {
                Assert.Fail($"Timed out after {Timeout} waiting until {description}.");
            }

            advance?.Advance(step ?? TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, string description, FakeTimeProvider? advance = null, TimeSpan? step = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), description, advance, step);
}

/// <summary>Records every notification it receives; optionally runs a behaviour per call (1-based call number).</summary>
internal sealed class RecordingNotifier(Func<StatusChangeNotification, int, CancellationToken, Task>? behaviour = null) : INotifier
{
    private int _calls;

    public ConcurrentQueue<StatusChangeNotification> Received { get; } = new();

    public ConcurrentQueue<StatusChangeNotification> Completed { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public async Task NotifyAsync(StatusChangeNotification notification, CancellationToken cancellationToken = default)
    {
        var call = Interlocked.Increment(ref _calls);
        Received.Enqueue(notification);
        if (behaviour is not null)
        {
            await behaviour(notification, call, cancellationToken);
        }

        Completed.Enqueue(notification);
    }
}

/// <summary>Captures log entries of every category.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

    /// <summary>
    /// Counts the library's entries with <paramref name="eventId"/>. Event ids are unique only within a category: Npgsql, which
    /// logs through the same factory under <c>UsePostgres</c>, has its own 2001 (a command completed) and so on.
    /// </summary>
    public int Count(int eventId) => Entries.Count(e => e.EventId.Id == eventId && string.Equals(e.Category, "LeadStatus", StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((category, logLevel, eventId, formatter(state, exception)));
    }
}

/// <summary>An outbox whose first claims (or first completions) fail, as during a store outage.</summary>
internal sealed class FlakyOutbox(INotificationOutbox inner, int failingClaims, int failingCompletions = 0, int failingRenewals = 0) : INotificationOutbox
{
    private int _failuresLeft = failingClaims;
    private int _completionFailuresLeft = failingCompletions;
    private int _renewalFailuresLeft = failingRenewals;

    public Task<IReadOnlyList<ClaimedRow>> ClaimAsync(
        Guid dispatcherId, int batchSize, int maxClaims, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        Interlocked.Decrement(ref _failuresLeft) >= 0
            ? throw new InvalidOperationException("The store is down.")
            : inner.ClaimAsync(dispatcherId, batchSize, maxClaims, now, leaseUntil, cancellationToken);

    public Task<IReadOnlyList<ClaimedRow>> ClaimGroupAsync(
        Guid dispatcherId, long businessId, DateTimeOffset changedFrom, DateTimeOffset changedTo, int maxRows, int maxClaims, DateTimeOffset now,
        DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        inner.ClaimGroupAsync(dispatcherId, businessId, changedFrom, changedTo, maxRows, maxClaims, now, leaseUntil, cancellationToken);

    public Task<IReadOnlySet<OutboxKey>> RenewAsync(Guid dispatcherId, IReadOnlyList<OutboxKey> rows, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        Interlocked.Decrement(ref _renewalFailuresLeft) >= 0
            ? throw new InvalidOperationException("The store is down.")
            : inner.RenewAsync(dispatcherId, rows, leaseUntil, cancellationToken);

    public Task<IReadOnlySet<OutboxKey>> CompleteAsync(Guid dispatcherId, IReadOnlyList<RowOutcome> outcomes, CancellationToken cancellationToken) =>
        Interlocked.Decrement(ref _completionFailuresLeft) >= 0
            ? throw new InvalidOperationException("The store is down.")
            : inner.CompleteAsync(dispatcherId, outcomes, cancellationToken);

    public Task<int> PurgeDeliveredAsync(DateTimeOffset deliveredBefore, CancellationToken cancellationToken) =>
        inner.PurgeDeliveredAsync(deliveredBefore, cancellationToken);

    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => inner.WaitForWorkAsync(timeout, cancellationToken);
}
