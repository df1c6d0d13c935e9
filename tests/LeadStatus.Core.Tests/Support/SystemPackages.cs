using System.Diagnostics;

namespace LeadStatus.Tests.Support;

/// <summary>
/// Installs a missing Debian package the integration tests need (PostgreSQL's server binaries, Chromium and its driver), when the tests run as root on a
/// machine with apt-get, so <c>dotnet test</c> alone works on a fresh machine with only the .NET SDK. Elsewhere it does nothing and
/// the caller fails with a message that says what to install.
/// </summary>
internal static class SystemPackages
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool _updated;

    /// <summary>Installs <paramref name="packages"/> with apt-get when running as root; returns whether an install ran and succeeded.</summary>
    public static async Task<bool> TryInstallAsync(params string[] packages)
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
        {
            return false;
        }

        await Gate.WaitAsync();
        try
        {
            TestContext.Progress.WriteLine($"Installing the missing Debian packages {string.Join(", ", packages)} (the tests run as root).");
            if (!_updated)
            {
                await RunAsync("update", "-qq");
                _updated = true;
            }

            return await RunAsync(["install", "-y", "-qq", .. packages]);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<bool> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/apt-get") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            TestContext.Progress.WriteLine($"apt-get {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }

        return process.ExitCode == 0;
    }
}
