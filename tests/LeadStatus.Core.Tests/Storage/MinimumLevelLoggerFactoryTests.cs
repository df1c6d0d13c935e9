using LeadStatus.Storage.Postgres;
using LeadStatus.Tests.Support;
using Microsoft.Extensions.Logging;

namespace LeadStatus.Tests.Storage;

/// <summary>What the library's data source may log through the host's logger factory: warnings and errors, nothing chattier.</summary>
public sealed class MinimumLevelLoggerFactoryTests
{
    [Test]
    public void Entries_below_the_minimum_are_dropped_and_the_rest_pass()
    {
        var logs = new CollectingLoggerProvider();
        using var host = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var logger = new MinimumLevelLoggerFactory(host, LogLevel.Warning).CreateLogger("Npgsql.Command");

        logger.LogInformation("SELECT 1");
        logger.LogDebug("SELECT 2");
        logger.LogWarning("slow");
        logger.LogError("broken");

        Assert.That(logger.IsEnabled(LogLevel.Information), Is.False);
        Assert.That(logs.Entries.Select(e => e.Message), Is.EqualTo(new[] { "slow", "broken" }));
    }
}
