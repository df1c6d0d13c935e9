using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LeadStatus.Tests.Support;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>
/// A PgBouncer (Debian's <c>pgbouncer</c> package) in transaction-pooling mode in front of the test server, started for one
/// fixture from a generated <c>pgbouncer.ini</c> in a temporary directory (trust authentication, a free loopback port, a
/// small pool so that calls share server connections); disposing it stops it and deletes the directory.
/// </summary>
internal sealed class PgBouncer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _root;

    private PgBouncer(Process process, string root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Reads PgBouncer's log so far.</summary>
    public Task<string> ReadLogAsync() => File.ReadAllTextAsync(Path.Combine(_root, "pgbouncer.log"));

    /// <summary>Gets the pgbouncer binary, or null when the package is not installed.</summary>
    public static string? Binary => new[] { "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer" }.FirstOrDefault(File.Exists);

    /// <summary>Starts PgBouncer in front of the server of <paramref name="serverConnectionString"/>.</summary>
    public static async Task<PgBouncer> StartAsync(string serverConnectionString, int poolSize = 4)
    {
        if (Binary is null)
        {
            await SystemPackages.TryInstallAsync("pgbouncer");
        }

        var binary = Binary ?? throw new InvalidOperationException(
            "pgbouncer is not installed and could not be installed (that needs root and apt-get): apt-get install -y pgbouncer (.ci/run does).");
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString);
        var root = Path.Combine(Path.GetTempPath(), "leadstatus-pgbouncer-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var port = FreePort();
        await File.WriteAllTextAsync(Path.Combine(root, "userlist.txt"), $"\"{server.Username}\" \"\"\n");
        await File.WriteAllTextAsync(Path.Combine(root, "pgbouncer.ini"), $"""
            [databases]
            * = host={server.Host} port={server.Port}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {root}/userlist.txt
            pool_mode = transaction
            default_pool_size = {poolSize}
            max_client_conn = 500
            ignore_startup_parameters = extra_float_digits
            logfile = {root}/pgbouncer.log
            pidfile = {root}/pgbouncer.pid
            """);

        // PgBouncer refuses to run as root: run it as the unprivileged user the test cluster runs as.
        var asRoot = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        var start = new ProcessStartInfo(asRoot ? "runuser" : binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (asRoot)
        {
            var user = File.ReadAllLines("/etc/passwd").Select(line => line.Split(':')[0]).FirstOrDefault(u => u is "postgres" or "nobody")
                ?? throw new InvalidOperationException("PgBouncer refuses to run as root and no unprivileged user (postgres, nobody) exists.");
            foreach (var file in Directory.GetFiles(root).Append(root))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
                }
            }

            foreach (var argument in new[] { "-u", user, "--", binary })
            {
                start.ArgumentList.Add(argument);
            }
        }

        start.ArgumentList.Add(Path.Combine(root, "pgbouncer.ini"));
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start pgbouncer.");
        var bouncer = new PgBouncer(process, root, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return bouncer;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                var log = File.Exists(Path.Combine(root, "pgbouncer.log")) ? await File.ReadAllTextAsync(Path.Combine(root, "pgbouncer.log")) : "";
                await bouncer.DisposeAsync();
                throw new InvalidOperationException($"pgbouncer did not start: {log}");
            }
        }
    }

    /// <summary>The connection string of <paramref name="database"/> through PgBouncer, with what a host behind a pooler sets.</summary>
    public string ConnectionString(string serverConnectionString, string database) =>
        new NpgsqlConnectionStringBuilder(serverConnectionString)
        {
            Host = "127.0.0.1", Port = Port, Database = database, MaxAutoPrepare = 0, NoResetOnClose = true, Pooling = true,
        }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
