using LeadStatus.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadStatus.Tests.Dashboard;

/// <summary>An in-process host that mounts the dashboard without saying who may see it: every request must be refused.</summary>
internal sealed class UnconfiguredDashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UnconfiguredDashboardHost(WebApplication app, Uri address, CollectingLoggerProvider logs)
    {
        _app = app;
        Address = address;
        Logs = logs;
    }

    public Uri Address { get; }

    public CollectingLoggerProvider Logs { get; }

    public static async Task<UnconfiguredDashboardHost> StartAsync()
    {
        var logs = new CollectingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddLeadStatusUpdates().UseInMemoryStore();
        var app = builder.Build();
        app.MapLeadStatusDashboard("/leadstatus");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new UnconfiguredDashboardHost(app, new Uri(address), logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
