using LeadStatus.Tests.Storage;

namespace LeadStatus.Tests;

/// <summary>
/// Chooses the library schema's partitioning for the whole run and stops the throwaway PostgreSQL cluster after every test of the assembly ran. It sits in the root test namespace because
/// PostgreSQL fixtures live in several folders (<c>Storage</c>, <c>Notifications</c>): a set-up fixture only covers its own
/// namespace, and one in <c>Storage</c> would stop the cluster while later fixtures still need it.
/// </summary>
[SetUpFixture]
public sealed class PostgresServerTeardown
{
    /// <summary>Makes every library schema the tests create partitioned as LEADSTATUS_TEST_PARTITIONS says, however a test builds its options.</summary>
    [OneTimeSetUp]
    public void ChoosePartitioning() => PostgresMappingOptions.DefaultEventPartitions = PostgresServer.Partitions;

    [OneTimeTearDown]
    public void StopServer() => PostgresServer.Stop();
}
