using LeadStatus.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// Wakes the outbox dispatcher after applied changes committed: in process when a dispatcher of this process waits on the same
/// data source and channel (<see cref="LocalWakeUps"/>, no SQL at all), otherwise with a <c>NOTIFY</c> on the schema's
/// <see cref="OutboxChannel"/>, coalescing the wake-ups of concurrent calls into at most one <c>NOTIFY</c> in flight plus one
/// queued, and starting at most one per <see cref="MinInterval"/>.
/// </summary>
/// <remarks>
/// A <c>NOTIFY</c> inside the apply statement makes its transaction take PostgreSQL's global notify lock at commit and hold
/// it across the commit record's WAL flush, which serializes every applying caller. Here the <c>NOTIFY</c> is a separate
/// transaction sent after the apply committed, off the caller's path. It is not free: <c>pg_notify</c> assigns the transaction
/// an XID (the queue entry records it), so its commit writes a commit record; having written no other WAL, that commit does
/// not wait for a WAL flush (PostgreSQL commits such a transaction asynchronously), but it is still a round trip on a second
/// pooled connection, a transaction, the notify lock and ~80 µs of this process's CPU per wake-up (docs/PERFORMANCE.md,
/// issue 16), hence the in-process path and the spacing. Every signal is followed by a wake-up that starts after it, so the
/// dispatcher still sees every committed outbox row when it wakes; if the wake-up fails, the dispatcher's polling picks the rows up.
/// </remarks>
internal sealed class OutboxWakeUp
{
    private const int Idle = 0;
    private const int Running = 1;
    private const int RunningAndQueued = 2;

    /// <summary>The least time between the starts of two <c>NOTIFY</c>s: the dispatcher's extra wake-up latency under load, at most.</summary>
    internal static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _channel;
    private readonly string _notifySql;
    private readonly ILogger _logger;
    private readonly LocalWakeUps _local;
    private readonly TimeProvider _time;
    private long _lastNotify;
    private int _state;

    public OutboxWakeUp(NpgsqlDataSource dataSource, string channel, ILogger logger)
        : this(dataSource, channel, logger, TimeProvider.System)
    {
    }

    /// <summary>Creates the wake-up with the clock that spaces the <c>NOTIFY</c>s (tests).</summary>
    internal OutboxWakeUp(NpgsqlDataSource dataSource, string channel, ILogger logger, TimeProvider time)
    {
        _dataSource = dataSource;
        _channel = channel;
        _notifySql = $"SELECT pg_notify('{channel}', '')";
        _logger = logger;
        _local = LocalWakeUps.For(dataSource, channel);
        _time = time;
        _lastNotify = time.GetTimestamp() - (long)(MinInterval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Gets how many <c>NOTIFY</c>s were started (tests).</summary>
    internal long NotifyCount { get; private set; }

    /// <summary>Requests a wake-up that starts after this call; never blocks and never throws.</summary>
    public void Signal()
    {
        if (_local.TrySignal())
        {
            // A dispatcher of this process waits on this channel: woken in process, nothing sent.
            return;
        }

        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == RunningAndQueued)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                if (state == Idle)
                {
                    _ = Task.Run(RunAsync);
                }

                return;
            }
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            // At most one NOTIFY per MinInterval, also when the previous one found nothing queued (with one caller applying
            // back to back, every other apply started a NOTIFY of its own: 0.56 per apply at 1 client).
            var wait = MinInterval - _time.GetElapsedTime(_lastNotify);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), _time).ConfigureAwait(false); // timers truncate to whole ms
            }

            // A signal arriving from here on sets RunningAndQueued, so the NOTIFY below or the next one starts after it; those
            // that arrived before are covered by the NOTIFY below.
            Volatile.Write(ref _state, Running);

            _lastNotify = _time.GetTimestamp();
            NotifyCount++;
            try
            {
                var command = _dataSource.CreateCommand(_notifySql);
                await using (command.ConfigureAwait(false))
                {
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // A failed wake-up must not surface anywhere: the dispatcher polls.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.OutboxWakeUpFailed(_logger, _channel, ex);
            }

            if (Interlocked.CompareExchange(ref _state, Idle, Running) == Running)
            {
                return;
            }

            // More changes committed meanwhile: wake the dispatcher again, after the spacing above.
        }
    }
}
