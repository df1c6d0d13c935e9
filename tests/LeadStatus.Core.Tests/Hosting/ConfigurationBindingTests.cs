using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadStatus.Tests.Hosting;

/// <summary><c>AddLeadStatusUpdates(configuration.GetSection("LeadStatus"))</c>: bound, validated, lists replaced (issue 14).</summary>
public sealed class ConfigurationBindingTests
{
    private static LeadStatusOptions Bound(Dictionary<string, string?> values, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates(configuration.GetSection("LeadStatus")).UseInMemoryStore();
        more?.Invoke(services);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<LeadStatusOptions>>().Value;
    }

    [Test]
    public void Scalars_nested_options_and_time_spans_are_bound()
    {
        var options = Bound(new()
        {
            ["LeadStatus:ConfidenceThreshold"] = "0.8",
            ["LeadStatus:CatalogCacheDuration"] = "00:01:00",
            ["LeadStatus:Postgres:Schema"] = "crm",
            ["LeadStatus:Notifications:MaxAttempts"] = "3",
        });

        Assert.That(options.ConfidenceThreshold, Is.EqualTo(0.8));
        Assert.That(options.CatalogCacheDuration, Is.EqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(options.Postgres.Schema, Is.EqualTo("crm"));
        Assert.That(options.Notifications.MaxAttempts, Is.EqualTo(3));
    }

    [Test]
    public void Bound_tag_keywords_replace_the_defaults()
    {
        // Regression: the configuration binder appends to a list that already holds the defaults.
        var options = Bound(new() { ["LeadStatus:TagKeywords:0"] = "Status", ["LeadStatus:TagKeywords:1"] = "סטטוס" });

        Assert.That(options.TagKeywords, Is.EqualTo(new[] { "Status", "סטטוס" }));
    }

    [Test]
    public void Without_tag_keywords_in_configuration_the_defaults_stay() =>
        Assert.That(Bound(new() { ["LeadStatus:ConfidenceThreshold"] = "0.7" }).TagKeywords, Is.EqualTo(new[] { "המלצה", "Recommendation" }));

    [Test]
    public void Code_configured_after_the_binding_wins() =>
        Assert.That(
            Bound(new() { ["LeadStatus:ConfidenceThreshold"] = "0.7" }, s => s.Configure<LeadStatusOptions>(o => o.ConfidenceThreshold = 0.9)).ConfidenceThreshold,
            Is.EqualTo(0.9));

    [TestCase("LeadStatus:ConfidenceThreshold", "1.5", "ConfidenceThreshold")]
    [TestCase("LeadStatus:TagKeywords:0", "[bad]", "TagKeywords")]
    [TestCase("LeadStatus:Postgres:Schema", "x; DROP TABLE leads", "Schema")]
    public void Bound_values_are_validated_like_code_configured_ones(string key, string value, string named) =>
        Assert.That(() => Bound(new() { [key] = value }), Throws.InstanceOf<OptionsValidationException>().With.Message.Contains(named));

    [Test]
    public void A_null_configuration_is_refused() =>
        Assert.That(
            () => new ServiceCollection().AddLeadStatusUpdates((IConfiguration)null!),
            Throws.ArgumentNullException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("configuration"));
}
