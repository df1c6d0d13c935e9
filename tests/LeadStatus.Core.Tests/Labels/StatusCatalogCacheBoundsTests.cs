using LeadStatus.Labels;
using LeadStatus.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LeadStatus.Tests.Labels;

/// <summary>
/// The cache's memory is bounded (by expiry and by <see cref="LeadStatusOptions.CatalogCacheSizeLimit"/>), loads are single
/// flight, and an invalidation is never overwritten by a load that started before it (issue 15, finding 1).
/// </summary>
public sealed class StatusCatalogCacheBoundsTests
{
    private static readonly IReadOnlyList<LeadStatusDefinition> Old = [new("old", "ישן")];
    private static readonly IReadOnlyList<LeadStatusDefinition> New = [new("new", "חדש")];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    private StatusCatalogCache CreateCache(IStatusCatalog catalog, Action<LeadStatusOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        var options = new LeadStatusOptions();
        configure?.Invoke(options);
        return new StatusCatalogCache(catalog, Options.Create(options), _time, loggerFactory);
    }

    [Test]
    public async Task Concurrent_callers_of_a_missing_business_share_one_load()
    {
        // Arrange
        var gate = new TaskCompletionSource<IReadOnlyList<LeadStatusDefinition>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var catalog = new Mock<IStatusCatalog>();
        catalog.Setup(c => c.GetStatusesAsync(7, It.IsAny<CancellationToken>())).Returns(() => new ValueTask<IReadOnlyList<LeadStatusDefinition>>(gate.Task));
        using var cache = CreateCache(catalog.Object);

        // Act
        var callers = Enumerable.Range(0, 20).Select(_ => cache.GetAsync(7, CancellationToken.None).AsTask()).ToList();
        gate.SetResult(New);
        var snapshots = await Task.WhenAll(callers);

        // Assert
        catalog.Verify(c => c.GetStatusesAsync(7, It.IsAny<CancellationToken>()), Times.Once);
        Assert.That(snapshots.Distinct().Count(), Is.EqualTo(1), "every caller gets the one compiled snapshot");
        Assert.That(snapshots[0].FindLabel("new"), Is.EqualTo("חדש"));
    }

    [Test]
    public async Task An_invalidate_during_a_load_is_not_overwritten_by_that_load()
    {
        // Arrange: the first load reads the old catalog and is still in flight when the business edits it.
        var first = new TaskCompletionSource<IReadOnlyList<LeadStatusDefinition>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var catalog = new Mock<IStatusCatalog>();
        catalog.SetupSequence(c => c.GetStatusesAsync(7, It.IsAny<CancellationToken>()))
            .Returns(new ValueTask<IReadOnlyList<LeadStatusDefinition>>(first.Task))
            .ReturnsAsync(New);
        using var cache = CreateCache(catalog.Object);
        var before = cache.GetAsync(7, CancellationToken.None).AsTask();

        // Act
        cache.Invalidate(7);
        first.SetResult(Old);
        var answered = await before;
        var after = await cache.GetAsync(7, CancellationToken.None);

        // Assert
        Assert.That(answered.FindLabel("old"), Is.EqualTo("ישן"), "the caller that was already waiting gets the load it waited for");
        Assert.That(after.FindLabel("new"), Is.EqualTo("חדש"), "the stale load was not stored");
        Assert.That(after.FindLabel("old"), Is.Null);
        catalog.Verify(c => c.GetStatusesAsync(7, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public async Task A_caller_after_an_invalidate_does_not_join_the_stale_load()
    {
        // Arrange
        var first = new TaskCompletionSource<IReadOnlyList<LeadStatusDefinition>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var catalog = new Mock<IStatusCatalog>();
        catalog.SetupSequence(c => c.GetStatusesAsync(7, It.IsAny<CancellationToken>()))
            .Returns(new ValueTask<IReadOnlyList<LeadStatusDefinition>>(first.Task))
            .ReturnsAsync(New);
        using var cache = CreateCache(catalog.Object);
        var before = cache.GetAsync(7, CancellationToken.None).AsTask();

        // Act
        cache.InvalidateAll();
        var after = await cache.GetAsync(7, CancellationToken.None);
        first.SetResult(Old);
        await before;
        var later = await cache.GetAsync(7, CancellationToken.None);

        // Assert
        Assert.That(after.FindLabel("new"), Is.EqualTo("חדש"));
        Assert.That(later, Is.SameAs(after), "the stale load completing later replaced nothing");
    }

    [Test]
    public async Task One_callers_cancellation_does_not_fail_the_shared_load()
    {
        // Arrange
        var gate = new TaskCompletionSource<IReadOnlyList<LeadStatusDefinition>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var catalog = new Mock<IStatusCatalog>();
        catalog.Setup(c => c.GetStatusesAsync(7, It.IsAny<CancellationToken>())).Returns(() => new ValueTask<IReadOnlyList<LeadStatusDefinition>>(gate.Task));
        using var cache = CreateCache(catalog.Object);
        using var impatient = new CancellationTokenSource();
        var cancelled = cache.GetAsync(7, impatient.Token).AsTask();
        var patient = cache.GetAsync(7, CancellationToken.None).AsTask();

        // Act
        await impatient.CancelAsync();
        gate.SetResult(New);

        // Assert
        Assert.That(() => cancelled, Throws.InstanceOf<OperationCanceledException>());
        Assert.That((await patient).FindLabel("new"), Is.EqualTo("חדש"));
        catalog.Verify(c => c.GetStatusesAsync(7, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Test]
    public async Task A_failed_load_is_not_cached_and_the_next_call_reads_again()
    {
        // Arrange
        var catalog = new Mock<IStatusCatalog>();
        catalog.SetupSequence(c => c.GetStatusesAsync(7, It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("catalog down"))
            .ReturnsAsync(New);
        using var cache = CreateCache(catalog.Object);

        // Act & Assert
        Assert.That(async () => await cache.GetAsync(7, CancellationToken.None), Throws.TypeOf<TimeoutException>());
        Assert.That((await cache.GetAsync(7, CancellationToken.None)).FindLabel("new"), Is.EqualTo("חדש"));
    }

    [Test]
    public async Task The_size_limit_drops_the_oldest_loaded_business_first()
    {
        // Arrange
        var catalog = new Mock<IStatusCatalog>();
        catalog.Setup(c => c.GetStatusesAsync(It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(New);
        using var cache = CreateCache(catalog.Object, o => o.CatalogCacheSizeLimit = 3);

        // Act
        for (var business = 1; business <= 5; business++)
        {
            await cache.GetAsync(business, CancellationToken.None);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        await cache.GetAsync(5, CancellationToken.None);
        await cache.GetAsync(1, CancellationToken.None);

        // Assert
        Assert.That(cache.Count, Is.EqualTo(3));
        catalog.Verify(c => c.GetStatusesAsync(5, It.IsAny<CancellationToken>()), Times.Once, "still held");
        catalog.Verify(c => c.GetStatusesAsync(1, It.IsAny<CancellationToken>()), Times.Exactly(2), "dropped for the size limit, read again");
    }

    [Test]
    public async Task Expired_catalogs_are_released_without_another_call()
    {
        // Arrange
        var catalog = new Mock<IStatusCatalog>();
        catalog.Setup(c => c.GetStatusesAsync(It.IsAny<long>(), It.IsAny<CancellationToken>())).ReturnsAsync(New);
        using var cache = CreateCache(catalog.Object, o => o.CatalogCacheDuration = TimeSpan.FromSeconds(1));
        for (var business = 1; business <= 100; business++)
        {
            await cache.GetAsync(business, CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromMilliseconds(500));
        await cache.GetAsync(101, CancellationToken.None);

        // Act
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var afterFirstExpiry = cache.Count;
        _time.Advance(TimeSpan.FromMilliseconds(500));

        // Assert
        Assert.That(afterFirstExpiry, Is.EqualTo(1), "the first 100 expired and were released; business 101 has 0.5 s left");
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public async Task Zero_duration_caches_nothing_but_still_shares_a_load_in_flight()
    {
        // Arrange
        var gate = new TaskCompletionSource<IReadOnlyList<LeadStatusDefinition>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var catalog = new Mock<IStatusCatalog>();
        catalog.Setup(c => c.GetStatusesAsync(7, It.IsAny<CancellationToken>())).Returns(() => new ValueTask<IReadOnlyList<LeadStatusDefinition>>(gate.Task));
        using var cache = CreateCache(catalog.Object, o => o.CatalogCacheDuration = TimeSpan.Zero);

        // Act
        var a = cache.GetAsync(7, CancellationToken.None).AsTask();
        var b = cache.GetAsync(7, CancellationToken.None).AsTask();
        gate.SetResult(New);
        await Task.WhenAll(a, b);
        await cache.GetAsync(7, CancellationToken.None);

        // Assert
        Assert.That(cache.Count, Is.Zero);
        catalog.Verify(c => c.GetStatusesAsync(7, It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Test]
    public async Task Bad_rows_are_logged_once_per_business_and_snapshot()
    {
        // Arrange
        var logs = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        var catalog = new InMemoryBadCatalog([new("won", "נסגר"), new("bad", " "), new("won", "Again")]);
        using var cache = CreateCache(catalog, loggerFactory: loggerFactory);

        // Act
        for (var i = 0; i < 3; i++)
        {
            await cache.GetAsync(7, CancellationToken.None);
        }

        _time.Advance(TimeSpan.FromSeconds(31));
        await cache.GetAsync(7, CancellationToken.None);

        // Assert
        var warnings = logs.Entries.Where(e => e.EventId.Id == 3101).ToList();
        Assert.That(warnings, Has.Count.EqualTo(2), "once per compiled snapshot");
        Assert.That(warnings[0].Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(warnings[0].Message, Is.EqualTo(
            "The status catalog of business 7 (3 rows) has 2 bad rows or aliases, left out of its compiled catalog: " +
            "row 1 (id 'bad'): the label is blank; row 2 (id 'won'): the status id repeats an earlier row's (the first one is kept)"));
    }

    /// <summary>200,000 tenants through the cache with the default options: the cache holds 10,000 and its memory stays bounded.</summary>
    [Test]
    public async Task Two_hundred_thousand_tenants_stay_under_the_documented_bound()
    {
        // Arrange: five statuses per tenant, each tenant its own list (as the PostgreSQL catalog returns them).
        // Not a Moq mock: Moq keeps every invocation, and what it holds would be measured as the cache's.
        var catalog = new PerTenantCatalog();
        using var cache = CreateCache(catalog);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        // Act
        for (var business = 1; business <= 200_000; business++)
        {
            await cache.GetAsync(business, CancellationToken.None);
        }

        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(cache);

        // Assert
        TestContext.Out.WriteLine($"200,000 tenants, default options: {cache.Count} held, {held / 1048576.0:0.0} MiB, {held / (double)cache.Count:0} B per tenant");
        Assert.That(cache.Count, Is.EqualTo(10_000));
        Assert.That(held, Is.LessThan(80L * 1024 * 1024), "docs/PERFORMANCE.md documents the bound (about 64 MiB measured)");
    }

    /// <summary>Returns five new statuses per tenant, as a database catalog would.</summary>
    private sealed class PerTenantCatalog : IStatusCatalog
    {
        public ValueTask<IReadOnlyList<LeadStatusDefinition>> GetStatusesAsync(long businessId, CancellationToken cancellationToken = default)
        {
            var suffix = businessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ValueTask.FromResult<IReadOnlyList<LeadStatusDefinition>>(
                [.. TestCatalogs.Pipeline.Select(s => new LeadStatusDefinition(s.StatusId + suffix, s.Label, [.. s.Aliases ?? []]))]);
        }
    }

    /// <summary>A custom catalog that returns its rows unchecked, as a host's own <see cref="IStatusCatalog"/> may.</summary>
    private sealed class InMemoryBadCatalog(IReadOnlyList<LeadStatusDefinition> rows) : IStatusCatalog
    {
        public ValueTask<IReadOnlyList<LeadStatusDefinition>> GetStatusesAsync(long businessId, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(rows);
    }
}
