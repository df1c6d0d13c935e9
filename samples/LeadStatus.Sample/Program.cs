using System.Text;
using LeadStatus;
using LeadStatus.Sample;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

// dotnet run --project samples/LeadStatus.Sample                       replays the scenarios against the in-memory store
// dotnet run --project samples/LeadStatus.Sample -- --verbose          ... and shows the library's structured logs
// dotnet run --project samples/LeadStatus.Sample -- --no-bidi          ... with Hebrew in visual order, for terminals without bidi
// dotnet run --project samples/LeadStatus.Sample -- --postgres "Host=localhost;Username=postgres;Database=crm" --seed
//                                                                      ... against a real PostgreSQL (--seed creates the database
//                                                                      if needed, the reference schema, and resets the sample businesses)
const string Command = "dotnet run --project samples/LeadStatus.Sample --";
Console.OutputEncoding = Encoding.UTF8;
TerminalText.VisualOrder = args.Contains("--no-bidi");
var verbose = args.Contains("--verbose");
var seed = args.Contains("--seed");
var postgresIndex = Array.IndexOf(args, "--postgres");
var connectionString = postgresIndex < 0 ? null : postgresIndex + 1 < args.Length ? args[postgresIndex + 1] : string.Empty;
if (connectionString is { Length: 0 })
{
    Output.Error($"--postgres needs a connection string, for example: {Command} --postgres \"Host=localhost;Username=postgres;Database=crm\" --seed");
    return 2;
}

if (connectionString is not null && await PostgresDatabase.PrepareAsync(connectionString, seed, Command, Output.Line, CancellationToken.None) is { } problem)
{
    Output.Error(problem);
    return 2;
}

await using var dataSource = connectionString is null ? null : NpgsqlDataSource.Create(connectionString);
ISampleBackend backend = dataSource is null ? new InMemoryBackend() : new PostgresBackend(dataSource, seed);

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
var leadStatus = builder.Services
    .AddLeadStatusUpdates(options => options.Notifications.PollInterval = TimeSpan.FromMilliseconds(200))
    .AddNotifier<ConsoleNotifier>();
_ = dataSource is null ? leadStatus.UseInMemoryStore() : leadStatus.UsePostgres(dataSource);

using var host = builder.Build();
var services = host.Services;
var notifier = services.GetRequiredService<ConsoleNotifier>();
await backend.SeedAsync(services, SampleData.Businesses, CancellationToken.None);
await host.StartAsync(); // starts the outbox dispatcher, once the schema exists

Output.Title($"LeadStatus.Core sample ({backend.Name})");
if (!TerminalText.VisualOrder)
{
    Output.Line("Hebrew reversed in this terminal? Run with --no-bidi.");
}

foreach (var business in SampleData.Businesses)
{
    Output.Line($"business {business.Id} \"{business.Name}\": statuses {string.Join(", ", business.Statuses.Select(s => $"{s.StatusId}=\"{s.Label}\""))}");
}

var statusService = services.GetRequiredService<IStatusUpdateService>();
var number = 0;
var undelivered = 0;
foreach (var scenario in SampleData.Scenarios)
{
    var recommendation = scenario.Recommendation;
    Output.Scenario(++number, scenario.Title, recommendation);
    var before = await backend.GetLeadStatusAsync(services, recommendation.BusinessId, recommendation.LeadId, CancellationToken.None);
    var result = await statusService.ApplyFromRecommendationAsync(recommendation);
    var after = await backend.GetLeadStatusAsync(services, recommendation.BusinessId, recommendation.LeadId, CancellationToken.None);
    Output.Result(result, before, after);

    // The dispatcher delivers in the background; wait for this change's notification so it is shown with its scenario.
    var notification = result is { Applied: true, EventId: { } eventId } ? await notifier.WaitForAsync(eventId, TimeSpan.FromSeconds(10)) : null;
    undelivered += result.Applied && notification is null ? 1 : 0;
    Output.Notification(notification, result);
}

await RulesDemo.RunAsync(services, backend, number);
undelivered += await ReviewDemo.RunAsync(services, backend, notifier, number + 3);
await AnalyticsDemo.RunAsync(services, SampleData.Clinic);

var pending = await backend.CountPendingNotificationsAsync(services, CancellationToken.None);
Output.Title("Summary");
Output.Line($"{notifier.DeliveredCount} notifications delivered, {pending} pending.");
await host.StopAsync();
return undelivered == 0 ? 0 : 1;
