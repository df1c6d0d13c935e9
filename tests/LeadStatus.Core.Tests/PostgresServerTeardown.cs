using LeadStatus.Tests.Storage;

namespace LeadStatus.Tests;

/// <summary>
/// Stops the throwaway PostgreSQL cluster after every test of the assembly ran. It sits in the root test namespace because
/// PostgreSQL fixtures live in several folders (<c>Storage</c>, <c>Notifications</c>): a set-up fixture only covers its own
/// namespace, and one in <c>Storage</c> would stop the cluster while later fixtures still need it.
/// </summary>
[SetUpFixture]
public sealed class PostgresServerTeardown
{
    [OneTimeTearDown]
    public void StopServer() => PostgresServer.Stop();
}
