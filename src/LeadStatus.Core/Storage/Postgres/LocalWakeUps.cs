using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Npgsql;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// The outbox dispatchers of this process that wait for work on one data source's wake-up channel, so that a change written
/// in the same process wakes them in process, without a <c>NOTIFY</c> (no round trip, no transaction, no commit record).
/// </summary>
/// <remarks>
/// Keyed by the <see cref="NpgsqlDataSource"/> instance and the channel: the store and the outbox of one container share both.
/// An outbox registers when it first claims or waits (only a running dispatcher does either) and leaves when a wait is cancelled
/// (the dispatcher is stopping) or it is disposed. While one is registered, <see cref="OutboxWakeUp"/> wakes it here and sends
/// no <c>NOTIFY</c>: the rows are this process's dispatcher's to deliver, and dispatchers elsewhere still find them when they poll.
/// </remarks>
internal sealed class LocalWakeUps
{
    private static readonly ConditionalWeakTable<NpgsqlDataSource, ConcurrentDictionary<string, LocalWakeUps>> Registry = new();

    private readonly Lock _gate = new();
    private Listener[] _listeners = [];

    /// <summary>Gets the registry entry of <paramref name="dataSource"/>'s <paramref name="channel"/>.</summary>
    public static LocalWakeUps For(NpgsqlDataSource dataSource, string channel) =>
        Registry.GetValue(dataSource, _ => new ConcurrentDictionary<string, LocalWakeUps>(StringComparer.Ordinal))
            .GetOrAdd(channel, _ => new LocalWakeUps());

    /// <summary>Wakes every registered listener; <see langword="false"/> when none is registered (then only a <c>NOTIFY</c> wakes a dispatcher).</summary>
    public bool TrySignal()
    {
        var listeners = Volatile.Read(ref _listeners);
        foreach (var listener in listeners)
        {
            listener.Set();
        }

        return listeners.Length > 0;
    }

    /// <summary>Adds <paramref name="listener"/> (once).</summary>
    public void Add(Listener listener)
    {
        lock (_gate)
        {
            if (!_listeners.Contains(listener))
            {
                Volatile.Write(ref _listeners, [.. _listeners, listener]);
            }
        }
    }

    /// <summary>Removes <paramref name="listener"/> if it is registered.</summary>
    public void Remove(Listener listener)
    {
        lock (_gate)
        {
            Volatile.Write(ref _listeners, _listeners.Where(l => l != listener).ToArray());
        }
    }

    /// <summary>
    /// One waiting outbox's wake-up: a signal that arrives while nobody waits is kept, and ends the next wait at once (as
    /// notifications buffered on a <c>LISTEN</c> connection do).
    /// </summary>
    internal sealed class Listener
    {
        private TaskCompletionSource _signal = NewSignal();

        /// <summary>Gets a task that completes at the next signal (or at once if one is kept).</summary>
        public Task Signalled => Volatile.Read(ref _signal).Task;

        /// <summary>Signals; never blocks and never runs the waiter on the caller's thread.</summary>
        public void Set() => Volatile.Read(ref _signal).TrySetResult();

        /// <summary>Consumes a kept signal; <see langword="true"/> if there was one.</summary>
        /// <remarks>A signal that arrives after this reset is kept for the next wait; one that arrived before it is followed by the claim that ends the caller's wait anyway.</remarks>
        public bool TryConsume()
        {
            var current = Volatile.Read(ref _signal);
            if (!current.Task.IsCompleted)
            {
                return false;
            }

            Interlocked.CompareExchange(ref _signal, NewSignal(), current);
            return true;
        }

        private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
