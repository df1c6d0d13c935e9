using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LeadStatus.Tests.Samples;

/// <summary>
/// The web sample as a real process listening on a free loopback port (Kestrel on port 0; the port is read from its
/// "Now listening on" line), so the tests drive it over real HTTP. Disposing it kills the process.
/// </summary>
internal sealed partial class WebSampleServer : IAsyncDisposable
{
    private const string Project = "LeadStatus.WebSample";
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WebSampleServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public string Output => string.Join('\n', _output);

    public static Task<WebSampleServer> StartAsync(params string[] arguments) => StartAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Starts the sample with extra environment variables (for example ASPNETCORE_ENVIRONMENT).</summary>
    public static async Task<WebSampleServer> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = SampleProcess.StartInfo(Project, [.. arguments, "--urls", "http://127.0.0.1:0"]);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.WorkingDirectory = Path.GetDirectoryName(SampleProcess.AssemblyPath(Project))!; // its appsettings.json
        var process = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            output.Enqueue(e.Data);
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != listening.Task)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            throw new InvalidOperationException($"The web sample did not start listening:\n{string.Join('\n', output)}");
        }

        var server = new WebSampleServer(process, await listening.Task);
        foreach (var line in output)
        {
            server._output.Enqueue(line);
        }

        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { server._output.Enqueue(e.Data); } };
        return server;
    }

    /// <summary>Waits until a line containing <paramref name="text"/> was written; false when none is within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
