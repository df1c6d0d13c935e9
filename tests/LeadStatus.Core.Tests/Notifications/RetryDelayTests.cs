using LeadStatus.Notifications;

namespace LeadStatus.Tests.Notifications;

public sealed class RetryDelayTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(10);

    [TestCase(1, 2)]
    [TestCase(2, 4)]
    [TestCase(3, 8)]
    [TestCase(9, 512)]
    [TestCase(10, 600)]
    [TestCase(100, 600)]
    [TestCase(int.MaxValue, 600)]
    public void The_ceiling_doubles_per_attempt_up_to_the_maximum(int attempt, int seconds) =>
        Assert.That(RetryDelay.Ceiling(attempt, Initial, Max), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [TestCase(0.0, 0)]
    [TestCase(0.5, 4)]
    [TestCase(0.999, 7.992)]
    public void Full_jitter_scales_the_ceiling(double random, double seconds) =>
        Assert.That(RetryDelay.Compute(3, Initial, Max, random), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [Test]
    public void A_zero_initial_delay_retries_at_once() =>
        Assert.That(RetryDelay.Compute(5, TimeSpan.Zero, Max, 0.9), Is.EqualTo(TimeSpan.Zero));

    [Test]
    public void Errors_are_described_by_component_and_type_and_truncated()
    {
        // Arrange
        var errors = new List<(string, Exception)>
        {
            ("PushNotifier", new InvalidOperationException("down")),
            ("SmsNotifier", new TimeoutException(new string('x', 5000))),
        };

        // Act
        var text = OutboxDispatcher.Describe(errors);

        // Assert
        Assert.That(text, Does.StartWith("PushNotifier: System.InvalidOperationException: down | SmsNotifier: System.TimeoutException: xxx"));
        Assert.That(text, Has.Length.EqualTo(OutboxDispatcher.MaxErrorLength).And.EndWith("…"));
    }
}
