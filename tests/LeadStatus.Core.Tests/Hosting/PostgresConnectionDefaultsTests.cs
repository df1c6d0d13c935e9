using LeadStatus.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadStatus.Tests.Hosting;

/// <summary>
/// <c>UsePostgres(string)</c> tunes the data source it builds for the hot path, but never overrides what the host wrote.
/// Regression: the first version tested <c>NpgsqlConnectionStringBuilder.ContainsKey</c>, which is true for every known
/// property, so the reset-on-close default was never applied.
/// </summary>
public sealed class PostgresConnectionDefaultsTests
{
    private static NpgsqlConnectionStringBuilder Built(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLeadStatusUpdates().UsePostgres(connectionString);
        using var provider = services.BuildServiceProvider();
        return new NpgsqlConnectionStringBuilder(provider.GetRequiredService<LeadStatusDataSource>().DataSource.ConnectionString);
    }

    [Test]
    public void Library_defaults_turn_on_auto_prepare_and_skip_the_connection_reset()
    {
        var built = Built("Host=127.0.0.1;Username=postgres");

        Assert.That(built.MaxAutoPrepare, Is.EqualTo(32));
        Assert.That(built.NoResetOnClose, Is.True);
    }

    [TestCase("Host=127.0.0.1;Username=postgres;No Reset On Close=false")]
    [TestCase("Host=127.0.0.1;Username=postgres;NoResetOnClose=false")]
    public void Host_setting_of_reset_on_close_is_kept(string connectionString) =>
        Assert.That(Built(connectionString).NoResetOnClose, Is.False);

    [Test]
    public void Host_setting_of_auto_prepare_is_kept() =>
        Assert.That(Built("Host=127.0.0.1;Username=postgres;Max Auto Prepare=5").MaxAutoPrepare, Is.EqualTo(5));

    [Test]
    public void Invalid_connection_string_is_a_clear_argument_error() =>
        Assert.That(
            () => new ServiceCollection().AddLeadStatusUpdates().UsePostgres("Host=x;Bogus Key=1"),
            Throws.ArgumentException.With.Property(nameof(ArgumentException.ParamName)).EqualTo("connectionString"));

    [Test]
    public void Explicit_auto_prepare_of_zero_stays_zero() =>
        // Regression (issue 14): the default was applied when the value was 0, so a host turning auto-prepare off got 32.
        Assert.That(Built("Host=127.0.0.1;Username=postgres;Max Auto Prepare=0").MaxAutoPrepare, Is.Zero);

    [Test]
    public void Library_bounds_its_pool_below_the_servers_default_max_connections() =>
        Assert.That(Built("Host=127.0.0.1;Username=postgres").MaxPoolSize, Is.EqualTo(LeadStatusBuilder.DefaultMaxPoolSize).And.EqualTo(20));

    [TestCase("Host=127.0.0.1;Username=postgres;Maximum Pool Size=100", 100)]
    [TestCase("Host=127.0.0.1;Username=postgres;MaxPoolSize=5", 5)]
    [TestCase("Host=127.0.0.1;Username=postgres;Minimum Pool Size=30", 30)]
    public void Host_setting_of_the_pool_size_is_kept(string connectionString, int expected) =>
        Assert.That(Built(connectionString).MaxPoolSize, Is.EqualTo(expected));
}
