using System.Text.RegularExpressions;
using LeadStatus.Tests.Storage;
using Npgsql;

namespace LeadStatus.Tests.Samples;

/// <summary>
/// The console sample as a person runs it (issue 14, findings 9 and 10): each notification is printed with the scenario that
/// caused it, Hebrew reads in terminals without bidi support, and a fresh PostgreSQL server gets a sentence, not a crash.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ConsoleSampleTests
{
    private const string Project = "LeadStatus.Sample";

    [Test]
    public async Task Each_notification_is_printed_with_its_scenario_and_no_other()
    {
        var (exitCode, output, error) = await SampleProcess.RunAsync(Project);

        Assert.That(exitCode, Is.Zero, output + error);
        var scenarios = Scenarios(output);
        Assert.That(scenarios, Has.Count.EqualTo(14), output + " (8 scenarios, the rules demo's 3 and the review demo's 3)");
        Assert.Multiple(() =>
        {
            Assert.That(scenarios[1], Does.Contain("notified: [").And.Contain("דנה כהן"));
            Assert.That(scenarios[2], Does.Contain("notified: [").And.Contain("יוסי לוי"));
            Assert.That(scenarios[8], Does.Contain("notified: [").And.Contain("אבי מזרחי"));
            foreach (var number in new[] { 3, 4, 5, 6, 7 })
            {
                Assert.That(scenarios[number], Does.Contain("notified: nobody").And.Not.Contain("notified: ["), $"scenario {number}");
            }
        });
    }

    [Test]
    public async Task Printed_text_carries_no_invisible_bidi_marks()
    {
        var (exitCode, output, _) = await SampleProcess.RunAsync(Project);

        Assert.That(exitCode, Is.Zero);
        Assert.That(output.IndexOfAny(['\u200E', '\u200F']), Is.EqualTo(-1), "ordinal: NUnit's culture-aware Contains ignores these marks");
        Assert.That(output, Does.Contain("מעוניין"));
    }

    [Test]
    public async Task No_bidi_prints_Hebrew_in_visual_order_with_numbers_kept_readable()
    {
        var (exitCode, output, _) = await SampleProcess.RunAsync(Project, "--no-bidi");

        Assert.That(exitCode, Is.Zero);
        Assert.That(output, Does.Contain("ןיינועמ").And.Contain("(91% ןוחטיב)"));
        Assert.That(output.IndexOf('\u200F', StringComparison.Ordinal), Is.EqualTo(-1));
        Assert.That(output, Does.Contain("meeting=\"השיגפ העבקנ\""), "a left-to-right line keeps its closing quote in place");
    }

    [Test]
    [Category(PostgresServer.Category)] // The console sample takes no options from configuration: its schema is plain in both runs.
    public async Task A_missing_database_is_explained_not_a_crash_and_seed_creates_it()
    {
        var connectionString = await MissingDatabaseAsync("console_fresh");

        var missing = await SampleProcess.RunAsync(Project, "--postgres", connectionString);
        var seeded = await SampleProcess.RunAsync(Project, "--postgres", connectionString, "--seed");
        var again = await SampleProcess.RunAsync(Project, "--postgres", connectionString);

        Assert.That(missing.ExitCode, Is.EqualTo(2), missing.Output + missing.Error);
        Assert.That(missing.Error, Does.Contain("does not exist").And.Contain("--seed").And.Contain("createdb"));
        Assert.That(missing.Output + missing.Error, Does.Not.Contain("Unhandled exception"));
        Assert.That(seeded.ExitCode, Is.Zero, seeded.Output + seeded.Error);
        Assert.That(seeded.Output, Does.Contain("Created database").And.Contain("outcome:  Applied"));
        Assert.That(again.ExitCode, Is.Zero, again.Output + again.Error);
        // The 8 scenarios, the rules demo's 3 recommendations and 2 manual changes, the review demo's 3 recommendations and
        // 3 actions: every one a duplicate the second time.
        Assert.That(Regex.Matches(again.Output, "outcome:  AlreadyProcessed"), Has.Count.EqualTo(19));
    }

    [Test]
    [Category(PostgresServer.Category)] // The console sample takes no options from configuration: its schema is plain in both runs.
    public async Task Missing_tables_without_seed_are_explained_not_a_crash()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("console_empty");

        var (exitCode, output, error) = await SampleProcess.RunAsync(Project, "--postgres", connectionString);

        Assert.That(exitCode, Is.EqualTo(2), output + error);
        Assert.That(error, Does.Contain("leads").And.Contain("--seed"));
        Assert.That(output + error, Does.Not.Contain("Unhandled exception"));
    }

    /// <summary>A connection string to a database that does not exist yet on the test server.</summary>
    internal static async Task<string> MissingDatabaseAsync(string purpose)
    {
        var admin = await PostgresServer.GetAdminConnectionStringAsync();
        var name = $"ls_{purpose}_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>The output of each numbered scenario, by number.</summary>
    private static Dictionary<int, string> Scenarios(string output)
    {
        var blocks = new Dictionary<int, string>();
        var matches = ScenarioHeader().Matches(output);
        for (var i = 0; i < matches.Count; i++)
        {
            var end = i + 1 < matches.Count ? matches[i + 1].Index : output.IndexOf("Summary", matches[i].Index, StringComparison.Ordinal);
            blocks[int.Parse(matches[i].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)] = output[matches[i].Index..(end < 0 ? output.Length : end)];
        }

        return blocks;
    }

    [GeneratedRegex(@"^(\d+)\. ", RegexOptions.Multiline)]
    private static partial Regex ScenarioHeader();
}
