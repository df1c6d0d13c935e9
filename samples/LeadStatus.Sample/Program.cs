using System.Text;
using LeadStatus;
using LeadStatus.Sample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// dotnet run --project samples/LeadStatus.Sample                       replays the scenarios against the in-memory store
// dotnet run --project samples/LeadStatus.Sample -- --verbose          ... and shows the library's structured logs
Console.OutputEncoding = Encoding.UTF8;
var verbose = args.Contains("--verbose");
var backend = SelectBackend(args);

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
var notifier = new ConsoleNotifier();
builder.Services
    .AddLeadStatusUpdates(options => options.Notifications.PollInterval = TimeSpan.FromMilliseconds(200))
    .UseInMemoryStore()
    .AddNotifier(notifier);

using var host = builder.Build();
await host.StartAsync();
var services = host.Services;
await backend.SeedAsync(services, SampleData.Businesses, CancellationToken.None);

Output.Title($"LeadStatus.Core sample ({backend.Name})");
foreach (var business in SampleData.Businesses)
{
    Output.Line($"business {business.Id} \"{business.Name}\": statuses {string.Join(", ", business.Statuses.Select(s => $"{s.StatusId}=\"{s.Label}\""))}");
}

var statusService = services.GetRequiredService<IStatusUpdateService>();
var number = 0;
foreach (var scenario in SampleData.Scenarios)
{
    var recommendation = scenario.Recommendation;
    Output.Scenario(++number, scenario.Title, recommendation);
    var before = await backend.GetLeadStatusAsync(services, recommendation.BusinessId, recommendation.LeadId, CancellationToken.None);
    var result = await statusService.ApplyFromRecommendationAsync(recommendation);
    var after = await backend.GetLeadStatusAsync(services, recommendation.BusinessId, recommendation.LeadId, CancellationToken.None);
    Output.Result(result, before, after);
}

Output.Title("Notifications (delivered in the background by the outbox dispatcher)");
var deadline = DateTime.UtcNow.AddSeconds(10);
while (await backend.CountPendingNotificationsAsync(services, CancellationToken.None) > 0 && DateTime.UtcNow < deadline)
{
    await Task.Delay(100);
}

var pending = await backend.CountPendingNotificationsAsync(services, CancellationToken.None);
Output.Line($"{notifier.DeliveredCount} delivered, {pending} pending.");
await host.StopAsync();
return pending == 0 ? 0 : 1;

static ISampleBackend SelectBackend(string[] args) => args.Contains("--postgres")
    ? throw new NotSupportedException("--postgres arrives with the PostgreSQL store.")
    : new InMemoryBackend();
