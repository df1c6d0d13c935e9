using System.Text.RegularExpressions;
using System.Xml.Linq;
using LeadStatus.Tests.Samples;

namespace LeadStatus.Tests.Packaging;

/// <summary>
/// Issue 14, finding 9: the quick start never showed <c>using LeadStatus;</c>, and the package page showed the repository's
/// README with its build commands and a relative <c>docs/</c> link that breaks there.
/// </summary>
public sealed partial class ReadmeTests
{
    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([SampleProcess.RepositoryRoot, .. path]));

    private static string PackedReadme()
    {
        var project = XDocument.Parse(Read("src", "LeadStatus.Core", "LeadStatus.Core.csproj"));
        var readmeName = project.Descendants("PackageReadmeFile").Single().Value;
        var packed = project.Descendants("None")
            .Single(e => (string?)e.Attribute("Pack") == "true" && ((string?)e.Attribute("PackagePath"))?.TrimStart('/') is { } target
                && (target == readmeName || (target.Length == 0 && Path.GetFileName((string)e.Attribute("Include")!) == readmeName)));
        return Read("src", "LeadStatus.Core", (string)packed.Attribute("Include")!);
    }

    [Test]
    public void The_package_readme_links_nothing_by_a_relative_path()
    {
        var relative = RelativeLink().Matches(PackedReadme()).Select(m => m.Value).ToList();

        Assert.That(relative, Is.Empty);
    }

    [Test]
    public void The_package_readme_has_no_repository_build_commands()
    {
        var readme = PackedReadme();

        Assert.That(readme, Does.Not.Contain("dotnet test").And.Not.Contain("--project samples/"));
    }

    [Test]
    public void Both_quick_starts_show_the_namespace_to_import()
    {
        Assert.That(PackedReadme(), Does.Contain("using LeadStatus;"));
        Assert.That(Read("README.md"), Does.Contain("using LeadStatus;"));
    }

    [Test]
    public void Both_quick_starts_answer_bad_input_with_400()
    {
        Assert.That(PackedReadme(), Does.Contain("StatusRecommendationValidator.TryValidate").And.Contain("ValidationProblem"));
        Assert.That(Read("README.md"), Does.Contain("StatusRecommendationValidator.TryValidate").And.Contain("ValidationProblem"));
    }

    /// <summary>A markdown link or image whose target is neither absolute nor an anchor.</summary>
    [GeneratedRegex(@"\]\((?!https?://|#)[^)]*\)")]
    private static partial Regex RelativeLink();
}
