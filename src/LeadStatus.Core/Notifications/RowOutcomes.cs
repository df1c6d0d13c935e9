namespace LeadStatus.Notifications;

/// <summary>
/// Turns one attempt's per-notifier results into a row's new state: each notifier keeps its own attempts, back-off and dead
/// state; the row is delivered when every notifier delivered, pending while one is pending (due at the earliest of their next
/// attempts), and dead when none is pending and one gave up.
/// </summary>
internal static class RowOutcomes
{
    /// <summary>Gets each registered notifier's state for a row, a fresh pending one for a notifier without a stored state.</summary>
    public static NotifierDelivery[] Current(ClaimedRow row, IReadOnlyList<string> names)
    {
        var states = new NotifierDelivery[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            NotifierDelivery? stored = null;
            foreach (var candidate in row.Notifiers)
            {
                if (string.Equals(candidate.Notifier, names[i], StringComparison.Ordinal))
                {
                    stored = candidate;
                    break;
                }
            }

            states[i] = stored ?? new NotifierDelivery(names[i], OutboxState.Pending, 0, DateTimeOffset.MinValue, null, null);
        }

        return states;
    }

    /// <summary>Records a notifier's success.</summary>
    public static NotifierDelivery Succeeded(NotifierDelivery state, DateTimeOffset now) =>
        state with { State = OutboxState.Delivered, Attempts = state.Attempts + 1, DeliveredAt = now };

    /// <summary>Records a notifier's failure: retried after its own back-off, or dead after <see cref="NotificationOptions.MaxAttempts"/>.</summary>
    public static NotifierDelivery Failed(NotifierDelivery state, string error, DateTimeOffset now, NotificationOptions options, double jitter)
    {
        var attempts = state.Attempts + 1;
        return attempts >= options.MaxAttempts
            ? state with { State = OutboxState.Dead, Attempts = attempts, LastError = error }
            : state with
            {
                Attempts = attempts,
                LastError = error,
                NextAttemptAt = now + RetryDelay.Compute(attempts, options.InitialRetryDelay, options.MaxRetryDelay, jitter),
            };
    }

    /// <summary>Combines the notifiers' states after an attempt into the row's outcome.</summary>
    /// <param name="row">The claimed row.</param>
    /// <param name="states">Every registered notifier's state after the attempt.</param>
    /// <param name="error">The attempt's errors, described, or null when none failed.</param>
    /// <param name="now">The time of the attempt.</param>
    /// <param name="effective">The states that decide the row when they differ from those stored (a primary a fallback covered).</param>
    public static RowOutcome Combine(
        ClaimedRow row, IReadOnlyList<NotifierDelivery> states, string? error, DateTimeOffset now, IReadOnlyList<NotifierDelivery>? effective = null)
    {
        var state = OutboxState.Delivered;
        var next = DateTimeOffset.MaxValue;
        foreach (var s in effective ?? states)
        {
            if (s.State == OutboxState.Pending)
            {
                state = OutboxState.Pending;
                next = s.NextAttemptAt < next ? s.NextAttemptAt : next;
            }
            else if (s.State == OutboxState.Dead && state == OutboxState.Delivered)
            {
                state = OutboxState.Dead;
            }
        }

        // The common case (every notifier delivered at the first try) stores no per-notifier rows.
        var storeNotifiers = row.Notifiers.Count > 0 || state != OutboxState.Delivered;
        return new RowOutcome(
            row.Key,
            Released: false,
            state,
            row.Attempts + 1,
            state == OutboxState.Pending ? (next < now ? now : next) : row.NextAttemptAt,
            error ?? row.LastError,
            state == OutboxState.Delivered ? now : null,
            storeNotifiers ? states : null)
        {
            AttemptFailed = error is not null,
        };
    }

    /// <summary>A release that keeps the successes of an interrupted attempt, so those notifiers are not called again.</summary>
    public static RowOutcome Interrupted(ClaimedRow row, IReadOnlyList<NotifierDelivery> states, bool anySucceeded) =>
        RowOutcome.Release(row) with { Notifiers = anySucceeded ? states : null };
}
