using LeadStatus.Internal;

namespace LeadStatus.Notifications;

/// <content>Per-business preferences: quiet hours hold rows; digest mode gathers a period's rows into one notification.</content>
internal sealed partial class OutboxDispatcher
{
    /// <summary>Gets a business's notification preferences, once per business and batch; none when the provider fails.</summary>
    private async Task<NotificationPreferences?> PreferencesAsync(long businessId, Dictionary<long, NotificationPreferences?> cache, CancellationToken stoppingToken)
    {
        if (!cache.TryGetValue(businessId, out var preferences))
        {
            try
            {
                preferences = await _preferences.GetPreferencesAsync(businessId, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Quiet hours and digests are a courtesy: a provider that fails must not hold notifications back.
                Log.PreferencesUnavailable(_logger, ex, businessId);
                preferences = null;
            }

            cache[businessId] = preferences;
        }

        return preferences;
    }

    /// <summary>Holds rows, without an attempt, until <paramref name="until"/>.</summary>
    private void Hold(List<ClaimedRow> rows, DateTimeOffset until, List<RowOutcome> outcomes, HashSet<OutboxKey> handled)
    {
        foreach (var row in rows)
        {
            outcomes.Add(RowOutcome.Hold(row, until));
            handled.Add(row.Key);
            Log.NotificationHeld(_logger, row.Message.NotificationId, row.Message.BusinessId, until);
        }
    }

    /// <summary>
    /// Gathers a digest: the batch's rows of the business and period, and the period's rows the batch did not hold (claimed now and
    /// appended to <paramref name="work"/>, so they are released with the batch if not delivered), at most <see cref="DigestPeriod.MaxChanges"/>.
    /// </summary>
    private async Task<List<ClaimedRow>> GatherDigestAsync(
        List<ClaimedRow> work, int index, DigestPeriod period, TimeSpan interval, DateTimeOffset now, DateTimeOffset leaseUntil,
        HashSet<OutboxKey> lost, HashSet<OutboxKey> handled, CancellationToken stoppingToken)
    {
        var businessId = work[index].Message.BusinessId;
        var unit = work.Skip(index)
            .Where(r => r.Message.BusinessId == businessId && !lost.Contains(r.Key) && !handled.Contains(r.Key)
                && DigestPeriod.Of(r.Message.ChangedAt, interval) == period)
            .Take(DigestPeriod.MaxChanges)
            .ToList();
        if (unit.Count < DigestPeriod.MaxChanges)
        {
            var more = await _outbox.ClaimGroupAsync(
                DispatcherId, businessId, period.Start, period.End, DigestPeriod.MaxChanges - unit.Count, _options.MaxAttempts, now, leaseUntil,
                stoppingToken).ConfigureAwait(false);
            foreach (var row in more)
            {
                if (row.Poisoned)
                {
                    Log.NotificationPoisoned(_logger, row.Message.NotificationId, row.Message.BusinessId, row.Message.LeadId, row.Claims - 1);
                    Count("dead", row.Message.Source);
                    continue;
                }

                work.Add(row);
                unit.Add(row);
            }
        }

        unit.Sort(static (x, y) => x.Message.Id.CompareTo(y.Message.Id));
        return unit;
    }

    /// <summary>
    /// Delivers a digest: one notification listing the rows' changes, with a stable id; its result is every row's result (a digest's
    /// rows are always recorded together, so the first row's per-notifier state is the digest's).
    /// </summary>
    private async Task<List<RowOutcome>> DeliverDigestAsync(List<ClaimedRow> unit, DigestPeriod period, CancellationToken stoppingToken)
    {
        var first = unit[0];
        var outcome = await DeliverAsync(first, async _ =>
        {
            var changes = new List<StatusChangeNotification>(unit.Count);
            foreach (var row in unit)
            {
                changes.Add(await BuildChangeAsync(row.Message, stoppingToken).ConfigureAwait(false));
            }

            var business = first.Message.BusinessId;
            var digest = new StatusChangeNotification(
                period.NotificationId(business, first.Message.Id), 0, business, 0, null, null, null, string.Empty, string.Empty, "digest", 0,
                period.End, string.Empty, string.Empty)
            {
                Kind = NotificationKind.Digest,
                Changes = changes,
            };
            var text = _formatter.Format(digest);
            return digest with { Title = text.Title ?? string.Empty, Body = text.Body ?? string.Empty };
        }, stoppingToken).ConfigureAwait(false);
        return [.. unit.Select(row => outcome with { Key = row.Key })];
    }
}
