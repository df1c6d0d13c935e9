namespace LeadStatus.Notifications;

/// <summary>
/// Exponential back-off with full jitter (the "Full Jitter" of the AWS Architecture Blog's "Exponential Backoff And Jitter"):
/// after failed attempt <c>n</c> (1-based) the next attempt waits a uniformly random time in
/// <c>[0, min(MaxRetryDelay, InitialRetryDelay × 2^(n−1))]</c>. Full jitter spreads the retries of many rows that failed
/// together (a notifier that was down) instead of sending them back in waves.
/// </summary>
internal static class RetryDelay
{
    /// <summary>Computes the delay after failed attempt <paramref name="attempt"/>.</summary>
    /// <param name="attempt">The 1-based number of the attempt that failed.</param>
    /// <param name="initial">The ceiling after the first failure.</param>
    /// <param name="max">The largest ceiling.</param>
    /// <param name="random">A uniformly distributed number in [0, 1): the jitter.</param>
    public static TimeSpan Compute(int attempt, TimeSpan initial, TimeSpan max, double random)
    {
        var ceiling = Ceiling(attempt, initial, max);
        return TimeSpan.FromTicks((long)(ceiling.Ticks * Math.Clamp(random, 0d, 1d)));
    }

    /// <summary>Computes <c>min(max, initial × 2^(attempt−1))</c> without overflowing.</summary>
    public static TimeSpan Ceiling(int attempt, TimeSpan initial, TimeSpan max)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 62);
        var ticks = initial.Ticks * Math.Pow(2, exponent);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
