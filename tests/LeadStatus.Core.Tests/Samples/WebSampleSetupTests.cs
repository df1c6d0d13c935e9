using LeadStatus.Tests.Storage;

namespace LeadStatus.Tests.Samples;

/// <summary>The web sample on a fresh PostgreSQL server without --seed says what is missing and exits, rather than crashing.</summary>
[TestFixture]
[Category(PostgresServer.Category)]
[NonParallelizable]
public sealed class WebSampleSetupTests
{
    private const string Project = "LeadStatus.WebSample";

    [Test]
    public async Task A_missing_database_is_explained()
    {
        var (exitCode, output, error) = await SampleProcess.RunAsync(Project, "--postgres", await ConsoleSampleTests.MissingDatabaseAsync("web_missing"));

        Assert.That(exitCode, Is.EqualTo(2), output + error);
        Assert.That(error, Does.Contain("does not exist").And.Contain("--seed"));
        Assert.That(output + error, Does.Not.Contain("Unhandled exception"));
    }

    [Test]
    public async Task Missing_tables_are_explained()
    {
        var (exitCode, output, error) = await SampleProcess.RunAsync(Project, "--postgres", await PostgresServer.CreateDatabaseAsync("web_empty"));

        Assert.That(exitCode, Is.EqualTo(2), output + error);
        Assert.That(error, Does.Contain("leads").And.Contain("--seed"));
    }
}
