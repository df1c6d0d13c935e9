using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LeadStatus.Tests.Support;
using Npgsql;

namespace LeadStatus.Tests.Storage;

/// <summary>
/// The PostgreSQL server of the integration tests: LEADSTATUS_TEST_CONNECTION when set, otherwise a throwaway cluster
/// started lazily with initdb/pg_ctl (as an unprivileged user when the tests run as root) and removed at the end.
/// Each fixture gets its own database, so tests never see each other's rows. LEADSTATUS_TEST_PARTITIONS=N makes every library schema
/// the tests create hash-partitioned into N partitions (<see cref="PostgresMappingOptions.EventPartitions"/>); .ci/run runs the
/// fixtures of <see cref="Category"/> a second time that way.
/// </summary>
internal static class PostgresServer
{
    public const string ConnectionVariable = "LEADSTATUS_TEST_CONNECTION";

    public const string PartitionsVariable = "LEADSTATUS_TEST_PARTITIONS";

    /// <summary>
    /// The category of every fixture (or test) that uses the server: .ci/run runs them again with <see cref="PartitionsVariable"/> set.
    /// Using the server from a test outside it fails, so that second run cannot silently miss a fixture.
    /// </summary>
    public const string Category = "PostgreSQL";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _adminConnectionString;
    private static Cluster? _cluster;
    private static int _databases;

    /// <summary>Creates a fresh, empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string purpose)
    {
        var admin = await GetAdminConnectionStringAsync();
        var name = $"ls_{purpose}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 150 }.ConnectionString;
    }

    /// <summary>Gets the number of partitions of the library's tables in every schema the tests create (0: plain tables), from <see cref="PartitionsVariable"/>.</summary>
    public static int Partitions { get; } = ReadPartitions();

    /// <summary>Gets the connection string of the maintenance database, starting the throwaway cluster on first use.</summary>
    public static async Task<string> GetAdminConnectionStringAsync()
    {
        EnsureCategorized();
        await Gate.WaitAsync();
        try
        {
            if (_adminConnectionString is not null)
            {
                return _adminConnectionString;
            }

            var configured = Environment.GetEnvironmentVariable(ConnectionVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return _adminConnectionString = configured;
            }

            _cluster = await Cluster.StartAsync();
            return _adminConnectionString = _cluster.ConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Starts a throwaway cluster of its own with extra server settings (for example <c>-c max_connections=50</c>), for a test
    /// that needs a server configured unlike the shared one; disposing it stops and deletes it. Needs the server binaries
    /// even when <see cref="ConnectionVariable"/> is set.
    /// </summary>
    public static async Task<DedicatedServer> StartDedicatedAsync(string settings)
    {
        EnsureCategorized();
        return new(await Cluster.StartAsync(settings));
    }

    private static int ReadPartitions()
    {
        var value = Environment.GetEnvironmentVariable(PartitionsVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return 0;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var partitions)
            && partitions <= PostgresMappingOptions.MaxEventPartitions
            ? partitions
            : throw new InvalidOperationException($"{PartitionsVariable} must be a number of partitions from 0 to {PostgresMappingOptions.MaxEventPartitions}, not '{value}'.");
    }

    /// <summary>Fails a test that uses the server without being in <see cref="Category"/> (itself or a fixture around it).</summary>
    private static void EnsureCategorized()
    {
        var test = NUnit.Framework.Internal.TestExecutionContext.CurrentContext.CurrentTest;
        for (var node = (NUnit.Framework.Interfaces.ITest?)test; node is not null; node = node.Parent)
        {
            if (node.Properties[NUnit.Framework.Internal.PropertyNames.Category].Contains(Category))
            {
                return;
            }
        }

        if (test is not null)
        {
            throw new InvalidOperationException(
                $"{test.FullName} uses PostgreSQL but is not in the category \"{Category}\": add [Category(PostgresServer.Category)] to its fixture, " +
                $"so that .ci/run also runs it with {PartitionsVariable} set.");
        }
    }

    /// <summary>Stops and deletes the throwaway cluster, if one was started.</summary>
    public static void Stop()
    {
        _cluster?.Stop();
        _cluster = null;
        _adminConnectionString = null;
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A cluster started for one test by <see cref="StartDedicatedAsync"/>.</summary>
    internal sealed class DedicatedServer : IAsyncDisposable
    {
        private readonly Cluster _cluster;

        internal DedicatedServer(Cluster cluster) => _cluster = cluster;

        /// <summary>Gets the superuser connection string of its maintenance database.</summary>
        public string ConnectionString => _cluster.ConnectionString;

        public ValueTask DisposeAsync()
        {
            _cluster.Stop();
            return ValueTask.CompletedTask;
        }
    }

    internal sealed class Cluster
    {
        private readonly string _root;
        private readonly string _binDir;
        private readonly string? _runAs;

        private Cluster(string root, string binDir, string? runAs, int port)
        {
            _root = root;
            _binDir = binDir;
            _runAs = runAs;
            ConnectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = port,
                Username = "postgres",
                Database = "postgres",
                Timeout = 30,
            }.ConnectionString;
        }

        public string ConnectionString { get; }

        private string DataDir => Path.Combine(_root, "data");

        public static async Task<Cluster> StartAsync(string settings = "-c max_connections=300")
        {
            var binDir = FindBinDir();
            if (binDir is null && await SystemPackages.TryInstallAsync("postgresql"))
            {
                binDir = FindBinDir();
            }

            binDir = binDir ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or under /usr/lib/postgresql/*/bin, and they could not be " +
                $"installed (that needs root and apt-get). Install them (apt-get install -y postgresql) or set {ConnectionVariable} to a server the tests may create databases on.");
            var runAs = IsRoot() ? FindUnprivilegedUser() : null;

            var root = Path.Combine(Path.GetTempPath(), "leadstatus-pg-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(root);
            var cluster = new Cluster(root, binDir, runAs, FreePort());
            try
            {
                if (runAs is not null)
                {
                    await RunAsync("chown", [runAs, root]);
                }

                await cluster.RunPgAsync("initdb", "-D", cluster.DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
                var port = new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Port;
                await cluster.RunPgAsync("pg_ctl", "-D", cluster.DataDir, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o",
                    $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off {settings}",
                    "start");
                return cluster;
            }
            catch
            {
                TryDelete(root);
                throw;
            }
        }

        public void Stop()
        {
            try
            {
                RunPgAsync("pg_ctl", "-D", DataDir, "-m", "immediate", "-w", "stop").GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the directory goes anyway.
            }

            TryDelete(_root);
        }

        private Task RunPgAsync(string tool, params string[] arguments)
        {
            var path = Path.Combine(_binDir, tool);
            return _runAs is null ? RunAsync(path, arguments) : RunAsync("runuser", ["-u", _runAs, "--", path, .. arguments]);
        }

        private static async Task RunAsync(string fileName, string[] arguments)
        {
            var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stdout}{await stderr}");
            }
        }

        private static string? FindBinDir()
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                {
                    return dir;
                }
            }

            const string debianRoot = "/usr/lib/postgresql";
            if (!Directory.Exists(debianRoot))
            {
                return null;
            }

            return Directory.GetDirectories(debianRoot)
                .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: double.TryParse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.Dir, "initdb")) && File.Exists(Path.Combine(x.Dir, "pg_ctl")))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault();
        }

        private static bool IsRoot() => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

        private static string FindUnprivilegedUser()
        {
            var users = File.Exists("/etc/passwd") ? File.ReadAllLines("/etc/passwd").Select(line => line.Split(':')[0]).ToHashSet(StringComparer.Ordinal) : [];
            foreach (var candidate in new[] { "postgres", "nobody" })
            {
                if (users.Contains(candidate))
                {
                    return candidate;
                }
            }

            throw new InvalidOperationException(
                "initdb and postgres refuse to run as root and no unprivileged user (postgres, nobody) exists. " +
                $"Install PostgreSQL (apt-get install -y postgresql) or set {ConnectionVariable}.");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static void TryDelete(string root)
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
