using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LeadStatus.Tests.Hosting;

/// <summary>Bad configuration fails at start-up with a message that names the option.</summary>
public sealed class OptionsValidationTests
{
    private static string Validate(Action<LeadStatusOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(configure).UseInMemoryStore();
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<LeadStatusOptions>>().Value);
        return error!.Message;
    }

    [Test]
    public void Defaults_are_valid_and_documented_values()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UseInMemoryStore();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<LeadStatusOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.ConfidenceThreshold, Is.EqualTo(0.65));
            Assert.That(options.TagKeywords, Is.EqualTo(new[] { "המלצה", "Recommendation" }));
            Assert.That(options.CatalogCacheDuration, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.CatalogCacheSizeLimit, Is.EqualTo(10_000));
            Assert.That(options.Postgres.LeadsTable, Is.EqualTo("leads"));
            Assert.That(options.Notifications.MaxAttempts, Is.EqualTo(10));
            Assert.That(options.SuggestionThreshold, Is.Null);
            Assert.That(options.ManualChangeProtection, Is.EqualTo(TimeSpan.FromHours(24)));
            Assert.That(options.SuggestionLifetime, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(options.CorrectionWindow, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(options.NotifyManualChanges, Is.False);
        });
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(10_000_001)]
    public void Catalog_cache_size_limit_outside_its_range_is_rejected(int limit) =>
        Assert.That(Validate(o => o.CatalogCacheSizeLimit = limit), Does.Contain("CatalogCacheSizeLimit").And.Contain("between 1 and 10000000"));

    [TestCase(-1)]
    [TestCase(1025)]
    public void Event_partitions_outside_its_range_is_rejected(int partitions) =>
        Assert.That(Validate(o => o.Postgres.EventPartitions = partitions), Does.Contain("EventPartitions").And.Contain("between 0 and 1024"));

    [TestCase(-0.1)]
    [TestCase(1.1)]
    [TestCase(double.NaN)]
    public void Threshold_outside_zero_to_one_is_rejected(double threshold) =>
        Assert.That(Validate(o => o.ConfidenceThreshold = threshold), Does.Contain("ConfidenceThreshold"));

    [Test]
    public void Empty_keyword_list_is_rejected() =>
        Assert.That(Validate(o => o.TagKeywords.Clear()), Does.Contain("TagKeywords"));

    [TestCase("")]
    [TestCase("  ")]
    [TestCase("a:b")]
    [TestCase("[tag]")]
    public void Unusable_keyword_is_rejected(string keyword) =>
        Assert.That(Validate(o => o.TagKeywords.Add(keyword)), Does.Contain("LeadStatusOptions.TagKeywords"));

    [Test]
    public void Identifier_that_is_not_an_SQL_identifier_is_rejected() =>
        Assert.That(Validate(o => o.Postgres.LeadsTable = "leads; DROP TABLE leads"), Does.Contain("LeadsTable"));

    [Test]
    public void Schema_qualified_table_is_accepted()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o => o.Postgres.LeadsTable = "crm.leads").UseInMemoryStore();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IOptions<LeadStatusOptions>>().Value.Postgres.LeadsTable, Is.EqualTo("crm.leads"));
    }

    [Test]
    public void Initial_retry_delay_above_the_maximum_is_rejected() =>
        Assert.That(
            Validate(o =>
            {
                o.Notifications.InitialRetryDelay = TimeSpan.FromMinutes(5);
                o.Notifications.MaxRetryDelay = TimeSpan.FromMinutes(1);
            }),
            Does.Contain("LeadStatusOptions.Notifications.InitialRetryDelay"));

    [Test]
    public void Suggestion_threshold_above_the_apply_threshold_is_rejected() =>
        Assert.That(
            Validate(o =>
            {
                o.ConfidenceThreshold = 0.6;
                o.SuggestionThreshold = 0.7;
            }),
            Does.Contain("LeadStatusOptions.SuggestionThreshold"));

    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void Suggestion_threshold_outside_zero_to_one_is_rejected(double threshold) =>
        Assert.That(Validate(o => o.SuggestionThreshold = threshold), Does.Contain("SuggestionThreshold"));

    [Test]
    public void Negative_manual_change_protection_is_rejected() =>
        Assert.That(Validate(o => o.ManualChangeProtection = TimeSpan.FromMinutes(-1)), Does.Contain("ManualChangeProtection"));

    [Test]
    public void Zero_manual_change_protection_is_valid()
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(o => o.ManualChangeProtection = TimeSpan.Zero).UseInMemoryStore();
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IOptions<LeadStatusOptions>>().Value.ManualChangeProtection, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Zero_max_attempts_is_rejected() =>
        Assert.That(Validate(o => o.Notifications.MaxAttempts = 0), Does.Contain("MaxAttempts"));

    [Test]
    public void Bad_configuration_fails_when_the_host_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLeadStatusUpdates(o => o.ConfidenceThreshold = 5).UseInMemoryStore();
        using var host = builder.Build();

        var error = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("ConfidenceThreshold"));
    }
}
