namespace LeadStatus.Tests;

public sealed class SmokeTests
{
    [Test]
    public void Outcome_enum_has_ten_members() => Assert.That(Enum.GetValues<StatusUpdateOutcome>(), Has.Length.EqualTo(10));
}
