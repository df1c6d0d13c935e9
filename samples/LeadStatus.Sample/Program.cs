using System.Text;
using LeadStatus;
using LeadStatus.Sample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

// dotnet run --project samples/LeadStatus.Sample                       replays the scenarios against the in-memory store
// dotnet run --project samples/LeadStatus.Sample -- --verbose          ... and shows the library's structured logs
// dotnet run --project samples/LeadStatus.Sample -- --postgres "Host=localhost;Username=postgres;Database=crm" --seed
//                                                                      ... against a real PostgreSQL (--seed creates the
//                                                                      reference schema and resets the sample businesses)
Console.OutputEncoding = Encoding.UTF8;
var verbose = args.Contains("--verbose");
var connectionString = ArgumentAfter(args, "--postgres");
await using var dataSource = connectionString is null ? null : NpgsqlDataSource.Create(connectionString);
ISampleBackend backend = dataSource is null ? new InMemoryBackend() : new PostgresBackend(dataSource, args.Contains("--seed"));

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
var notifier = new ConsoleNotifier();
var leadStatus = builder.Services
    .AddLeadStatusUpdates(options => options.Notifications.PollInterval = TimeSpan.FromMilliseconds(200))
    .AddNotifier(notifier);
_ = dataSource is null ? leadStatus.UseInMemoryStore() : leadStatus.UsePostgres(dataSource);

using var host = builder.Build();
var services = host.Services;
await backend.SeedAsync(services, SampleData.Businesses, CancellationToken.None);
await host.StartAsync(); // starts the outbox dispatcher, once the schema exists

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

await RulesDemo.RunAsync(services, backend, number);

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

static string? ArgumentAfter(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index < 0 ? null
        : index + 1 < args.Length ? args[index + 1]
        : throw new ArgumentException($"{name} needs a value, for example {name} \"Host=localhost;Username=postgres;Database=crm\".");
}
