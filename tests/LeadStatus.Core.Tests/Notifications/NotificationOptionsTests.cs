using LeadStatus.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LeadStatus.Tests.Notifications;

public sealed class NotificationOptionsTests
{
    [Test]
    public void Defaults_are_valid_and_documented()
    {
        // Act
        var options = Resolve(_ => { });

        // Assert
        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.DispatcherEnabled, Is.True);
            Assert.That(options.BatchSize, Is.EqualTo(32));
            Assert.That(options.PollInterval, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(options.MaxAttempts, Is.EqualTo(10));
            Assert.That(options.InitialRetryDelay, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(options.MaxRetryDelay, Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(options.LeaseDuration, Is.EqualTo(TimeSpan.FromMinutes(2)));
            Assert.That(options.RetentionPeriod, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(options.AttemptTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.MaxParallelDeliveries, Is.EqualTo(1));
        }
    }

    [Test]
    public void Health_check_thresholds_have_documented_defaults_and_are_validated_at_start_up()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseInMemoryStore();
        services.Configure<NotificationHealthCheckOptions>(o => o.MaxDeadNotifications = -1);
        using var provider = services.BuildServiceProvider();

        // Act and Assert
        var defaults = new NotificationHealthCheckOptions();
        Assert.That((defaults.MaxPendingNotifications, defaults.MaxOldestPendingAge, defaults.MaxDeadNotifications), Is.EqualTo((10_000L, TimeSpan.FromMinutes(5), 0L)));
        Assert.That(
            () => provider.GetRequiredService<IOptions<NotificationHealthCheckOptions>>().Value,
            Throws.TypeOf<OptionsValidationException>().With.Message.EqualTo(
                "MaxDeadNotifications: The field NotificationHealthCheckOptions.MaxDeadNotifications must be between 0 and 9.223372036854776E+18."));
    }

    [TestCaseSource(nameof(InvalidOptions))]
    public void Invalid_notification_options_fail_with_a_message_naming_the_option(Action<NotificationOptions> configure, string message) =>
        Assert.That(() => Resolve(configure), Throws.TypeOf<OptionsValidationException>().With.Message.EqualTo(message));

    [Test]
    public void Registering_twice_adds_one_dispatcher_and_the_Hebrew_formatter_by_default()
    {
        // Arrange
        var services = new ServiceCollection();

        // Act
        services.AddLeadStatusUpdates().UseInMemoryStore().UseStatusCatalog(new InMemoryStatusCatalog());
        services.AddLeadStatusUpdates();

        // Assert
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetServices<IHostedService>().OfType<OutboxDispatcher>().Count(), Is.EqualTo(1));
        Assert.That(provider.GetRequiredService<INotificationFormatter>(), Is.TypeOf<HebrewNotificationFormatter>());
    }

    [Test]
    public void The_formatter_registered_on_the_builder_wins_over_the_default()
    {
        // Arrange
        var services = new ServiceCollection();

        // Act
        services.AddLeadStatusUpdates().UseInMemoryStore().UseNotificationFormatter<EnglishNotificationFormatter>();
        services.AddLeadStatusUpdates();

        // Assert
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<INotificationFormatter>(), Is.TypeOf<EnglishNotificationFormatter>());
    }

    [Test]
    public void A_null_formatter_is_rejected() =>
        Assert.That(
            () => new ServiceCollection().AddLeadStatusUpdates().UseNotificationFormatter(null!),
            Throws.ArgumentNullException.With.Property("ParamName").EqualTo("formatter"));

    private static IEnumerable<TestCaseData> InvalidOptions()
    {
        yield return Case(o => o.BatchSize = 0, "BatchSize", "BatchSize: The field LeadStatusOptions.Notifications.BatchSize must be between 1 and 1000.");
        yield return Case(o => o.BatchSize = 1001, "BatchSize above 1000", "BatchSize: The field LeadStatusOptions.Notifications.BatchSize must be between 1 and 1000.");
        yield return Case(o => o.MaxAttempts = 101, "MaxAttempts above 100", "MaxAttempts: The field LeadStatusOptions.Notifications.MaxAttempts must be between 1 and 100.");
        yield return Case(o => o.MaxAttempts = 0, "MaxAttempts", "MaxAttempts: The field LeadStatusOptions.Notifications.MaxAttempts must be between 1 and 100.");
        yield return Case(o => o.PollInterval = TimeSpan.Zero, "PollInterval", "PollInterval: The field LeadStatusOptions.Notifications.PollInterval must be between 00:00:00.0100000 and 00:10:00.");
        yield return Case(o => o.LeaseDuration = TimeSpan.FromMilliseconds(500), "LeaseDuration", "LeaseDuration: The field LeadStatusOptions.Notifications.LeaseDuration must be between 00:00:01 and 01:00:00.");
        yield return Case(o => o.RetentionPeriod = TimeSpan.FromDays(-1), "RetentionPeriod", "RetentionPeriod: The field LeadStatusOptions.Notifications.RetentionPeriod must be between 00:00:00 and 365.00:00:00.");
        yield return Case(o => o.MaxRetryDelay = TimeSpan.FromDays(2), "MaxRetryDelay", "MaxRetryDelay: The field LeadStatusOptions.Notifications.MaxRetryDelay must be between 00:00:00 and 1.00:00:00.");
        yield return Case(o => o.MaxParallelDeliveries = 0, "MaxParallelDeliveries", "MaxParallelDeliveries: The field LeadStatusOptions.Notifications.MaxParallelDeliveries must be between 1 and 64.");
        yield return Case(o => o.AttemptTimeout = TimeSpan.Zero, "AttemptTimeout", "AttemptTimeout: The field LeadStatusOptions.Notifications.AttemptTimeout must be between 00:00:00.0100000 and 01:00:00.");
        yield return Case(o => o.InitialRetryDelay = TimeSpan.FromMinutes(30), "InitialRetryDelay above MaxRetryDelay", "Property LeadStatusOptions.Notifications.InitialRetryDelay: must not exceed LeadStatusOptions.Notifications.MaxRetryDelay.");
    }

    private static TestCaseData Case(Action<NotificationOptions> configure, string name, string message) =>
        new TestCaseData(configure, message).SetArgDisplayNames(name);

    private static NotificationOptions Resolve(Action<NotificationOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o => configure(o.Notifications)).UseInMemoryStore();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<LeadStatusOptions>>().Value.Notifications;
    }
}
