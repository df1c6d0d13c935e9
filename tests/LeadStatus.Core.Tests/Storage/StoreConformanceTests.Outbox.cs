using LeadStatus.Notifications;

namespace LeadStatus.Tests.Storage;

/// <content>The outbox semantics both stores keep: claim order, leases, results in one call, releases, poison and per-notifier state.</content>
public abstract partial class StoreConformanceTests
{
    private const int MaxClaims = 10;

    [Test]
    public async Task Claim_leases_due_rows_to_one_dispatcher_until_the_lease_expires_and_spends_no_attempt()
    {
        var b = NewBusinessId();
        await Harness.SeedLeadAsync(b, 7, "Dana", "new");
        var write = Writes.Apply(b, 7, "wa-1");
        var applied = await Store.RecordAsync(write, CancellationToken.None);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        var notDue = await ClaimAsync(first, Writes.T0.AddSeconds(-1), Writes.T0.AddMinutes(1));
        var claimed = await ClaimAsync(first, Writes.T0, Writes.T0.AddMinutes(2));
        var whileLeased = await ClaimAsync(second, Writes.T0.AddMinutes(1), Writes.T0.AddMinutes(3));
        var afterExpiry = await ClaimAsync(second, Writes.T0.AddMinutes(2), Writes.T0.AddMinutes(4));

        Assert.That(notDue, Is.Empty);
        Assert.That(claimed, Has.Count.EqualTo(1));
        Assert.That(claimed[0].Message with { Id = 0 }, Is.EqualTo(new OutboxMessage(
            0, write.NotificationId, applied.EventId, b, 7, "Dana", "new", "interested", "מעוניין", StatusSources.WhatsAppSummary, 0.9, Writes.T0)));
        Assert.That((claimed[0].Attempts, claimed[0].Claims, claimed[0].Poisoned, claimed[0].Notifiers.Count), Is.EqualTo((0, 1, false, 0)));
        Assert.That(whileLeased, Is.Empty);
        Assert.That((afterExpiry.Single().Attempts, afterExpiry.Single().Claims), Is.EqualTo((0, 2)), "claiming counts a claim, not an attempt");
        Assert.That(await CompleteAsync(first, Delivered(claimed[0], Writes.T0.AddMinutes(2))), Is.Empty, "the lease moved on");
        Assert.That(await CompleteAsync(second, Delivered(afterExpiry[0], Writes.T0.AddMinutes(2))), Is.EqualTo(new[] { claimed[0].Key }));
    }

    [Test]
    public async Task Claim_takes_at_most_the_batch_size_oldest_first()
    {
        var b = NewBusinessId();
        for (var lead = 1; lead <= 5; lead++)
        {
            await Harness.SeedLeadAsync(b, lead, "L" + lead, "new");
            await Store.RecordAsync(Writes.Apply(b, lead, "wa-" + lead, now: Writes.T0.AddSeconds(lead)), CancellationToken.None);
        }

        var batch = await Outbox.ClaimAsync(Guid.NewGuid(), 3, MaxClaims, Writes.T0.AddMinutes(1), Writes.T0.AddMinutes(2), CancellationToken.None);
        var rest = await Outbox.ClaimAsync(Guid.NewGuid(), 3, MaxClaims, Writes.T0.AddMinutes(1), Writes.T0.AddMinutes(2), CancellationToken.None);

        Assert.That(batch.Select(m => m.Message.LeadId), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(rest.Select(m => m.Message.LeadId), Is.EqualTo(new long[] { 4, 5 }));
    }

    [Test]
    public async Task Claim_is_fair_across_businesses_so_a_backlog_does_not_hold_back_another_business()
    {
        // Arrange: business A has a backlog of 6 old rows; business B one fresh row.
        var a = NewBusinessId();
        var b = NewBusinessId();
        for (var lead = 1; lead <= 6; lead++)
        {
            await Harness.SeedLeadAsync(a, lead, "A" + lead, "new");
            await Store.RecordAsync(Writes.Apply(a, lead, "wa-" + lead, now: Writes.T0.AddSeconds(lead)), CancellationToken.None);
        }

        await Harness.SeedLeadAsync(b, 1, "B1", "new");
        await Store.RecordAsync(Writes.Apply(b, 1, "wa-1", now: Writes.T0.AddMinutes(1)), CancellationToken.None);

        // Act
        var batch = await Outbox.ClaimAsync(Guid.NewGuid(), 4, MaxClaims, Writes.T0.AddMinutes(2), Writes.T0.AddMinutes(3), CancellationToken.None);

        // Assert: oldest first per business, round by round: A's oldest, B's only row, then A's next ones.
        Assert.That(batch.Select(r => (r.Message.BusinessId, r.Message.LeadId)), Is.EqualTo(new[] { (a, 1L), (b, 1L), (a, 2L) }));
    }

    [Test]
    public async Task Complete_records_results_only_under_the_lease_and_a_delivered_row_is_done()
    {
        var b = NewBusinessId();
        await Harness.SeedLeadAsync(b, 7, "Dana", "new");
        await Store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);
        var dispatcher = Guid.NewGuid();
        var row = (await ClaimAsync(dispatcher, Writes.T0, Writes.T0.AddMinutes(1))).Single();

        var byStranger = await CompleteAsync(Guid.NewGuid(), Delivered(row, Writes.T0.AddSeconds(1)));
        var byOwner = await CompleteAsync(dispatcher, Delivered(row, Writes.T0.AddSeconds(1)));
        var twice = await CompleteAsync(dispatcher, Delivered(row, Writes.T0.AddSeconds(2)));

        Assert.That((byStranger.Count, byOwner.Count, twice.Count), Is.EqualTo((0, 1, 0)));
        var stored = (await Harness.GetOutboxAsync(b)).Single();
        Assert.That((stored.State, stored.Attempts, stored.DeliveredAt), Is.EqualTo((OutboxState.Delivered, 1, (DateTimeOffset?)Writes.T0.AddSeconds(1))));
        Assert.That(await ClaimAsync(dispatcher, Writes.T0.AddHours(1), Writes.T0.AddHours(2)), Is.Empty);
    }

    [Test]
    public async Task A_failure_makes_the_row_due_again_at_its_retry_time_and_dead_is_for_good()
    {
        var b = NewBusinessId();
        await Harness.SeedLeadAsync(b, 7, "Dana", "new");
        await Store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);
        var dispatcher = Guid.NewGuid();
        var row = (await ClaimAsync(dispatcher, Writes.T0, Writes.T0.AddMinutes(10))).Single();

        await CompleteAsync(dispatcher, new RowOutcome(row.Key, false, OutboxState.Pending, 1, Writes.T0.AddMinutes(1), "SMTP 451 'busy'", null, null));
        var tooEarly = await ClaimAsync(dispatcher, Writes.T0.AddSeconds(59), Writes.T0.AddMinutes(10));
        var due = (await ClaimAsync(dispatcher, Writes.T0.AddMinutes(1), Writes.T0.AddMinutes(10))).Single();
        await CompleteAsync(dispatcher, new RowOutcome(row.Key, false, OutboxState.Dead, 2, due.NextAttemptAt, "gave up\0", null, null));

        Assert.That(tooEarly, Is.Empty);
        Assert.That((due.Attempts, due.Claims, due.LastError), Is.EqualTo((1, 1, "SMTP 451 'busy'")), "a recorded result resets the claims");
        var stored = (await Harness.GetOutboxAsync(b)).Single();
        Assert.That((stored.State, stored.Attempts), Is.EqualTo((OutboxState.Dead, 2)));
        Assert.That(stored.LastError, Does.StartWith("gave up"));
        Assert.That(await ClaimAsync(dispatcher, Writes.T0.AddDays(1), Writes.T0.AddDays(2)), Is.Empty);
    }

    [Test]
    public async Task A_released_row_is_claimable_at_once_and_its_claim_does_not_count()
    {
        var b = NewBusinessId();
        await Harness.SeedLeadAsync(b, 7, "Dana", "new");
        await Store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);
        var first = Guid.NewGuid();
        var row = (await ClaimAsync(first, Writes.T0, Writes.T0.AddMinutes(2))).Single();

        var released = await CompleteAsync(first, RowOutcome.Release(row));
        var again = await ClaimAsync(Guid.NewGuid(), Writes.T0, Writes.T0.AddMinutes(2));

        Assert.That(released, Is.EqualTo(new[] { row.Key }));
        Assert.That(again.Select(r => (r.Attempts, r.Claims)), Is.EqualTo(new[] { (0, 1) }));
        Assert.That((await Harness.GetOutboxAsync(b)).Single().LastError, Is.Null);
    }

    [Test]
    public async Task A_row_claimed_more_than_the_maximum_without_a_result_is_dead_as_poison()
    {
        var b = NewBusinessId();
        await Harness.SeedLeadAsync(b, 7, "Dana", "new");
        await Store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);

        // Three dispatchers die in turn while delivering it: each claim's lease runs out without a result.
        var claims = new List<ClaimedRow>();
        for (var i = 0; i < 4; i++)
        {
            var at = Writes.T0.AddMinutes(i * 10);
            claims.AddRange(await Outbox.ClaimAsync(Guid.NewGuid(), 10, 3, at, at.AddMinutes(5), CancellationToken.None));
        }

        Assert.That(claims.Select(c => (c.Claims, c.Poisoned)), Is.EqualTo(new[] { (1, false), (2, false), (3, false), (4, true) }));
        var stored = (await Harness.GetOutboxAsync(b)).Single();
        Assert.That(stored.State, Is.EqualTo(OutboxState.Dead));
        Assert.That(stored.LastError, Is.EqualTo("Poison: claimed 3 times without a recorded result (a process may have died delivering it)."));
        Assert.That(await ClaimAsync(Guid.NewGuid(), Writes.T0.AddDays(1), Writes.T0.AddDays(2)), Is.Empty);
    }

    [Test]
    public async Task Per_notifier_states_come_back_with_the_next_claim_and_a_delivered_one_is_never_set_back()
    {
        var b = NewBusinessId();
        await Harness.SeedLeadAsync(b, 7, "Dana", "new");
        await Store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);
        var dispatcher = Guid.NewGuid();
        var row = (await ClaimAsync(dispatcher, Writes.T0, Writes.T0.AddMinutes(1))).Single();
        var push = new NotifierDelivery("Push", OutboxState.Delivered, 1, Writes.T0, null, Writes.T0.AddSeconds(1));
        var sms = new NotifierDelivery("Sms", OutboxState.Pending, 1, Writes.T0.AddMinutes(1), "sms down", null);

        await CompleteAsync(dispatcher, new RowOutcome(row.Key, false, OutboxState.Pending, 1, Writes.T0.AddMinutes(1), "sms down", null, [push, sms]));
        var next = (await ClaimAsync(dispatcher, Writes.T0.AddMinutes(1), Writes.T0.AddMinutes(2))).Single();
        var stale = push with { State = OutboxState.Pending, Attempts = 2, DeliveredAt = null };
        await CompleteAsync(dispatcher, new RowOutcome(row.Key, false, OutboxState.Pending, 2, Writes.T0.AddMinutes(3), "x", null, [stale, sms with { Attempts = 2 }]));
        var third = (await ClaimAsync(dispatcher, Writes.T0.AddMinutes(3), Writes.T0.AddMinutes(4))).Single();

        Assert.That(next.Notifiers.OrderBy(n => n.Notifier, StringComparer.Ordinal), Is.EqualTo(new[] { push, sms }));
        Assert.That(third.Notifiers.OrderBy(n => n.Notifier, StringComparer.Ordinal), Is.EqualTo(new[] { push, sms with { Attempts = 2 } }));
    }

    [Test]
    public async Task Renew_extends_only_the_leases_the_dispatcher_still_holds()
    {
        var b = NewBusinessId();
        await Harness.SeedLeadAsync(b, 7, "Dana", "new");
        await Store.RecordAsync(Writes.Apply(b, 7, "wa-1"), CancellationToken.None);
        var dispatcher = Guid.NewGuid();
        var row = (await ClaimAsync(dispatcher, Writes.T0, Writes.T0.AddMinutes(1))).Single();

        var byStranger = await Outbox.RenewAsync(Guid.NewGuid(), [row.Key], Writes.T0.AddMinutes(10), CancellationToken.None);
        var byOwner = await Outbox.RenewAsync(dispatcher, [row.Key], Writes.T0.AddMinutes(10), CancellationToken.None);
        var whileRenewed = await ClaimAsync(Guid.NewGuid(), Writes.T0.AddMinutes(5), Writes.T0.AddMinutes(6));

        Assert.That((byStranger.Count, byOwner.Count), Is.EqualTo((0, 1)));
        Assert.That(whileRenewed, Is.Empty);
    }

    [Test]
    public async Task Purge_deletes_only_rows_delivered_before_the_cutoff()
    {
        var b = NewBusinessId();
        var dispatcher = Guid.NewGuid();
        for (var lead = 1; lead <= 3; lead++)
        {
            await Harness.SeedLeadAsync(b, lead, "L" + lead, "new");
            await Store.RecordAsync(Writes.Apply(b, lead, "wa-" + lead, now: Writes.T0.AddSeconds(lead)), CancellationToken.None);
        }

        var claimed = await ClaimAsync(dispatcher, Writes.T0.AddMinutes(1), Writes.T0.AddMinutes(10));
        await CompleteAsync(dispatcher, Delivered(claimed[0], Writes.T0.AddDays(1)), Delivered(claimed[1], Writes.T0.AddDays(3)), RowOutcome.Release(claimed[2]));

        var purged = await Outbox.PurgeDeliveredAsync(Writes.T0.AddDays(2), CancellationToken.None);

        Assert.That(purged, Is.EqualTo(1));
        var rows = await Harness.GetOutboxAsync(b);
        Assert.That(rows.Select(r => (r.Notification.LeadId, r.State)), Is.EqualTo(new[] { (2L, OutboxState.Delivered), (3L, OutboxState.Pending) }));
    }

    private static RowOutcome Delivered(ClaimedRow row, DateTimeOffset at) =>
        new(row.Key, false, OutboxState.Delivered, row.Attempts + 1, row.NextAttemptAt, null, at, null);

    private Task<IReadOnlyList<ClaimedRow>> ClaimAsync(Guid dispatcher, DateTimeOffset now, DateTimeOffset leaseUntil) =>
        Outbox.ClaimAsync(dispatcher, 10, MaxClaims, now, leaseUntil, CancellationToken.None);

    private Task<IReadOnlySet<OutboxKey>> CompleteAsync(Guid dispatcher, params RowOutcome[] outcomes) =>
        Outbox.CompleteAsync(dispatcher, outcomes, CancellationToken.None);
}
