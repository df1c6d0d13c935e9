using LeadStatus.Storage;
using LeadStatus.Storage.Postgres;

namespace LeadStatus.Tests.Batches;

/// <summary>How a list is split into set-based statements: a wave never names a lead or key twice, and dependents come later.</summary>
[TestFixture]
public sealed class ApplyWavesTests
{
    [Test]
    public void A_list_without_repeats_is_one_wave_in_list_order()
    {
        var waves = ApplySql.ApplyWaves([Write(1, 1, "a"), Write(1, 2, "b"), Write(2, 1, "a"), Write(1, 3, "c")]);

        Assert.That(waves, Is.EqualTo(new[] { new[] { 0, 1, 2, 3 } }));
    }

    [Test]
    public void A_repeated_lead_or_key_goes_after_every_earlier_write_it_depends_on()
    {
        var waves = ApplySql.ApplyWaves(
        [
            Write(1, 1, "a"), // wave 0
            Write(1, 1, "b"), // lead 1 again: wave 1
            Write(1, 2, "a"), // key a again (a conflict): wave 1
            Write(1, 2, "c"), // lead 2 again, after the write in wave 1: wave 2
            Write(1, 3, "d"), // independent: wave 0
            Write(1, 3, "b"), // lead 3 (wave 0) and key b (wave 1): wave 2
        ]);

        Assert.That(waves, Is.EqualTo(new[] { new[] { 0, 4 }, new[] { 1, 2 }, new[] { 3, 5 } }));
    }

    private static StatusEventWrite Write(long business, long lead, string key) =>
        new(business, lead, StatusSources.WhatsAppSummary, key, "x", "x", "x", 0.9, "f", StatusUpdateOutcome.Applied, "", Guid.NewGuid(), DateTimeOffset.UnixEpoch);
}
