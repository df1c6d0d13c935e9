using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LeadStatus.Tests.Support;

/// <summary>
/// The library as a host wires it: the real DI container with the in-memory store and catalog, a fake clock and
/// a collecting logger. Business 1 has the <see cref="TestCatalogs.Pipeline"/> statuses.
/// </summary>
internal sealed class InMemoryHost : IDisposable
{
    private readonly ServiceProvider _provider;

    public InMemoryHost(Action<LeadStatusOptions>? configure = null, Action<LeadStatusBuilder>? build = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(Time);
        var builder = services.AddLeadStatusUpdates(configure).UseInMemoryStore();
        build?.Invoke(builder);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        Catalog.Set(TestCatalogs.BusinessId, TestCatalogs.Pipeline);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public CollectingLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _provider;

    public IStatusUpdateService Service => _provider.GetRequiredService<IStatusUpdateService>();

    public InMemoryLeadStatusStore Store => _provider.GetRequiredService<InMemoryLeadStatusStore>();

    public InMemoryStatusCatalog Catalog => _provider.GetRequiredService<InMemoryStatusCatalog>();

    public static StatusRecommendation WhatsApp(long leadId, string summary, string eventId, double confidence = 0.9, long businessId = TestCatalogs.BusinessId) =>
        new(businessId, leadId, summary, StatusSources.WhatsAppSummary, eventId, confidence);

    public static StatusRecommendation Call(long leadId, string summary, string eventId, double confidence = 0.9, long businessId = TestCatalogs.BusinessId) =>
        new(businessId, leadId, summary, StatusSources.CallSummary, eventId, confidence);

    public void Dispose() => _provider.Dispose();
}
