using LeadStatus.Internal;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// Wakes the outbox dispatcher (<c>NOTIFY</c> on the schema's <see cref="OutboxChannel"/>) after applied changes
/// committed, coalescing the wake-ups of concurrent calls into at most one <c>NOTIFY</c> in flight plus one queued, and at most one
/// per <see cref="MinInterval"/> under load.
/// </summary>
/// <remarks>
/// A <c>NOTIFY</c> inside the apply statement makes its transaction take PostgreSQL's global notify lock at commit and hold
/// it across the commit record's WAL flush, which serializes every applying caller. Here the <c>NOTIFY</c> is a separate,
/// read-only transaction (no WAL flush) sent after the apply committed, off the caller's path. Every signal is followed by a
/// <c>NOTIFY</c> that starts after it, so the dispatcher still sees every committed outbox row when it wakes; if the wake-up
/// fails, the dispatcher's polling picks the rows up.
/// </remarks>
internal sealed class OutboxWakeUp
{
    private const int Idle = 0;
    private const int Running = 1;
    private const int RunningAndQueued = 2;

    /// <summary>The least time between two wake-ups: the dispatcher's extra wake-up latency under load, at most.</summary>
    internal static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(5);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _channel;
    private readonly string _notifySql;
    private readonly ILogger _logger;
    private int _state;

    public OutboxWakeUp(NpgsqlDataSource dataSource, string channel, ILogger logger)
    {
        _dataSource = dataSource;
        _channel = channel;
        _notifySql = $"SELECT pg_notify('{channel}', '')";
        _logger = logger;
    }

    /// <summary>Requests a <c>NOTIFY</c> that starts after this call; never blocks and never throws.</summary>
    public void Signal()
    {
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
            // A signal arriving from here on sets RunningAndQueued, so the NOTIFY below or the next one starts after it.
            Volatile.Write(ref _state, Running);
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

            // More changes committed meanwhile: wake the dispatcher again, but after a short pause that lets the wake-ups of a
            // busy period coalesce (at most ~1/MinInterval NOTIFYs per second instead of one per round trip).
            await Task.Delay(MinInterval).ConfigureAwait(false);
        }
    }
}
