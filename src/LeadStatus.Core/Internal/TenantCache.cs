namespace LeadStatus.Internal;

/// <summary>
/// A per-business cache of a value loaded from the host's data (the compiled catalog, the compiled rules), so the hot path
/// neither reads the database nor recompiles on every call.
/// </summary>
/// <typeparam name="T">The cached value.</typeparam>
/// <remarks>
/// <para>
/// <b>Bounded.</b> At most the size limit of businesses are held; entries sit in one list in the order they were loaded, so
/// the oldest (the closest to expiring) is dropped first when the limit is reached, and expired entries are released from the
/// head of that list by a timer armed for the oldest entry's expiry (and on every miss).
/// </para>
/// <para>
/// <b>Single flight.</b> One load per business is in flight at a time; concurrent callers await the same load. The load runs
/// to completion even when a caller's token fires (that caller stops waiting), so one impatient caller never fails the others.
/// </para>
/// <para>
/// <b>Invalidation wins.</b> <see cref="Invalidate"/> and <see cref="InvalidateAll"/> mark the loads in flight stale: a stale
/// load still answers the callers already waiting for it, but is never stored, and the next caller starts a new load.
/// </para>
/// </remarks>
internal sealed class TenantCache<T> : IDisposable
    where T : class
{
    private readonly Func<long, Task<T>> _load;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private readonly int _sizeLimit;
    private readonly Lock _lock = new();
    private readonly Dictionary<long, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _byLoadTime = new();
    private readonly Dictionary<long, Load> _loads = [];
    private readonly ITimer _sweeper;
    private bool _sweepArmed;

    /// <summary>Creates a cache.</summary>
    /// <param name="load">Loads a business's value; the load is shared by every caller waiting for it and is not cancelled.</param>
    /// <param name="duration">How long a value is reused; zero disables caching.</param>
    /// <param name="sizeLimit">How many businesses are held at most.</param>
    /// <param name="time">The clock.</param>
    public TenantCache(Func<long, Task<T>> load, TimeSpan duration, int sizeLimit, TimeProvider time)
    {
        _load = load;
        _time = time;
        _duration = duration;
        _sizeLimit = sizeLimit;
        _sweeper = time.CreateTimer(static state => ((TenantCache<T>)state!).OnSweepDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets the number of businesses whose compiled catalog is held (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Gets a business's value, loading it when none is cached or it expired.</summary>
    /// <param name="businessId">The tenant.</param>
    /// <param name="cancellationToken">Stops this caller's wait; a load other callers share runs on.</param>
    /// <returns>The value.</returns>
    public ValueTask<T> GetAsync(long businessId, CancellationToken cancellationToken)
    {
        Load load;
        var start = false;
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (_entries.TryGetValue(businessId, out var node))
            {
                if (!IsExpired(node.Value, now))
                {
                    return ValueTask.FromResult(node.Value.Value);
                }

                Remove(node);
            }

            SweepExpired(now);
            if (!_loads.TryGetValue(businessId, out load!))
            {
                load = new Load(businessId);
                _loads.Add(businessId, load);
                start = true;
            }
        }

        if (start)
        {
            _ = RunAsync(load);
        }

        return new ValueTask<T>(load.Completion.Task.WaitAsync(cancellationToken));
    }

    /// <summary>Drops a business's value; a load in flight is not stored.</summary>
    /// <param name="businessId">The tenant.</param>
    public void Invalidate(long businessId)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(businessId, out var node))
            {
                Remove(node);
            }

            if (_loads.Remove(businessId, out var load))
            {
                load.Stale = true;
            }
        }
    }

    /// <summary>Drops every value; loads in flight are not stored.</summary>
    public void InvalidateAll()
    {
        lock (_lock)
        {
            _entries.Clear();
            _byLoadTime.Clear();
            foreach (var load in _loads.Values)
            {
                load.Stale = true;
            }

            _loads.Clear();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _sweeper.Dispose();

    private async Task RunAsync(Load load)
    {
        try
        {
            // Deliberately not any one caller's token: the load is shared (see the remarks); each caller's wait is cancellable.
            var value = await _load(load.BusinessId).ConfigureAwait(false);
            Complete(load, value);
            load.Completion.SetResult(value);
        }
#pragma warning disable CA1031 // Every failure of the shared load goes to its waiters.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Complete(load, null);
            load.Completion.SetException(ex);

            // Observed here: when every waiter has stopped waiting (cancelled), nobody else reads it.
            _ = load.Completion.Task.Exception;
        }
    }

    private void Complete(Load load, T? value)
    {
        lock (_lock)
        {
            if (_loads.TryGetValue(load.BusinessId, out var current) && ReferenceEquals(current, load))
            {
                _loads.Remove(load.BusinessId);
            }

            if (value is null || load.Stale || _duration <= TimeSpan.Zero)
            {
                return;
            }

            if (_entries.TryGetValue(load.BusinessId, out var existing))
            {
                Remove(existing);
            }

            var now = _time.GetTimestamp();
            _entries.Add(load.BusinessId, _byLoadTime.AddLast(new Entry(load.BusinessId, value, now)));
            while (_entries.Count > _sizeLimit)
            {
                Remove(_byLoadTime.First!);
            }

            ArmSweep(now);
        }
    }

    private void OnSweepDue()
    {
        lock (_lock)
        {
            _sweepArmed = false;
            var now = _time.GetTimestamp();
            SweepExpired(now);
            ArmSweep(now);
        }
    }

    /// <summary>Releases the expired entries: the list is in load order, so they are all at its head.</summary>
    private void SweepExpired(long now)
    {
        while (_byLoadTime.First is { } oldest && IsExpired(oldest.Value, now))
        {
            Remove(oldest);
        }
    }

    /// <summary>Arms the timer for the oldest entry's expiry, unless it is armed already or nothing is held.</summary>
    private void ArmSweep(long now)
    {
        if (_sweepArmed || _byLoadTime.First is not { } oldest)
        {
            return;
        }

        var due = _duration - _time.GetElapsedTime(oldest.Value.LoadedAt, now);
        _sweeper.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        _sweepArmed = true;
    }

    private bool IsExpired(Entry entry, long now) => _time.GetElapsedTime(entry.LoadedAt, now) >= _duration;

    private void Remove(LinkedListNode<Entry> node)
    {
        _entries.Remove(node.Value.BusinessId);
        _byLoadTime.Remove(node);
    }

    private sealed record Entry(long BusinessId, T Value, long LoadedAt);

    /// <summary>A load in flight, shared by every caller that asks for the business until it completes.</summary>
    private sealed class Load(long businessId)
    {
        public long BusinessId { get; } = businessId;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Gets or sets whether an invalidation came after the load started; guarded by the cache's lock.</summary>
        public bool Stale { get; set; }
    }
}
