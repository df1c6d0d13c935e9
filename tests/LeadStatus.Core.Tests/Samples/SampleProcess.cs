using System.Diagnostics;
using System.Text;
using LeadStatus.Tests.Storage;

namespace LeadStatus.Tests.Samples;

/// <summary>Runs a built sample (<c>dotnet samples/X/bin/{Configuration}/net10.0/X.dll</c>) as a person would, capturing its output.</summary>
internal static class SampleProcess
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The sample's built assembly, in the test run's configuration (the test project builds the samples first).</summary>
    public static string AssemblyPath(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var path = Path.Combine(RepositoryRoot, "samples", project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.", path);
    }

    public static ProcessStartInfo StartInfo(string project, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = RepositoryRoot,
        };
        start.ArgumentList.Add(AssemblyPath(project));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        if (PostgresServer.Partitions > 0)
        {
            // The web sample binds LeadStatusOptions from configuration, so its schema is partitioned like the tests' own.
            start.Environment["LeadStatus__Postgres__EventPartitions"] = PostgresServer.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return start;
    }

    /// <summary>Runs the sample to its end (at most two minutes) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string project, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(project, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{project} {string.Join(' ', arguments)} did not finish in two minutes.\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LeadStatus.Core.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("LeadStatus.Core.sln not found above the test assembly.");
    }
}
