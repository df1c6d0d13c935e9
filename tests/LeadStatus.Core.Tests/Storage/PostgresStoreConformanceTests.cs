namespace LeadStatus.Tests.Storage;

[TestFixture]
[Category(PostgresServer.Category)]
public sealed class PostgresStoreConformanceTests : StoreConformanceTests
{
    private PostgresTestDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await PostgresTestDatabase.CreateAsync("conformance");

    [OneTimeTearDown]
    public async Task DropDatabase() => await _database.DisposeAsync();

    private protected override async Task<IStoreHarness> CreateHarnessAsync() => await _database.CreateHarnessAsync();
}
