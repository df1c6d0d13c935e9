using LeadStatus;
using LeadStatus.Sample;
using LeadStatus.WebSample;
using Microsoft.AspNetCore.Authentication.Cookies;

// dotnet run --project samples/LeadStatus.WebSample                         in-memory store with the two sample businesses and
//                                                                           demo history; dashboard at /leadstatus, sign-in at /dev/signin
// dotnet run --project samples/LeadStatus.WebSample -- --postgres "Host=localhost;Username=postgres;Database=crm" --seed
//                                                                           a real database (--seed creates what it needs)
// Then: curl -X POST localhost:5000/webhooks/call-recording -H 'Content-Type: application/json' \
//         -d '{"businessId":1001,"leadId":2,"callId":"call-1","summary":"[המלצה: אין מענה]","confidence":0.9}'
const string Command = "dotnet run --project samples/LeadStatus.WebSample --";
var seed = args.Contains("--seed");
var postgresIndex = Array.IndexOf(args, "--postgres");
var postgres = postgresIndex < 0 ? null : postgresIndex + 1 < args.Length ? args[postgresIndex + 1] : string.Empty;
if (postgres is { Length: 0 })
{
    await Console.Error.WriteLineAsync($"--postgres needs a connection string, for example: {Command} --postgres \"Host=localhost;Username=postgres;Database=crm\" --seed");
    return 2;
}

if (postgres is not null && await PostgresDatabase.PrepareAsync(postgres, seed, Command, Console.WriteLine, CancellationToken.None) is { } problem)
{
    await Console.Error.WriteLineAsync(problem);
    return 2;
}

// The sample's own switches are not host configuration.
var hostArgs = args.Where((arg, i) => arg != "--seed" && arg != "--postgres" && (postgresIndex < 0 || i != postgresIndex + 1)).ToArray();
var builder = WebApplication.CreateBuilder(hostArgs);
var demoClock = new DemoClock();
if (postgres is null)
{
    // In-memory mode seeds two weeks of demo history; the clock is turned back while it does, then set right.
    builder.Services.AddSingleton<TimeProvider>(demoClock);
    // The demo SMS gateway refuses one lead's number until its notification is dead (two quick attempts), then delivers a requeue.
    builder.Services.PostConfigure<LeadStatusOptions>(o =>
    {
        o.SuggestionThreshold ??= 0.5;
        o.Notifications.MaxAttempts = DemoSmsNotifier.FailuresPerNotification;
        o.Notifications.InitialRetryDelay = TimeSpan.FromSeconds(1);
    });
}

// The dashboard: who may see which business comes from the signed-in user's "business" claims.
builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
    .AddCookie(o => o.LoginPath = "/dev/signin");
builder.Services.AddAuthorization();
builder.Services.AddLeadStatusDashboard(o =>
{
    o.VisibleBusinesses = DevSignIn.VisibleBusinesses;
    o.BusinessName = id => SampleData.Businesses.FirstOrDefault(b => b.Id == id)?.Name;
});
var leadStatus = builder.Services
    .AddLeadStatusUpdates(builder.Configuration.GetSection("LeadStatus"))   // options from appsettings.json, validated at start
    .AddNotifier<LoggingNotifier>();
_ = postgres is null ? leadStatus.UseInMemoryStore().AddNotifier<DemoSmsNotifier>() : leadStatus.UsePostgres(postgres);
builder.Services.AddHealthChecks().AddLeadStatusDatabase();
builder.Services.AddSingleton<ISampleBackend>(sp =>
    postgres is null ? new InMemoryBackend() : new PostgresBackend(sp.GetLeadStatusDataSource(), seed)); // one pool, shared

var app = builder.Build();
var backend = app.Services.GetRequiredService<ISampleBackend>();
await backend.SeedAsync(app.Services, SampleData.Businesses, CancellationToken.None); // PostgreSQL: schema; with --seed, the two businesses
if (postgres is null)
{
    await DemoHistory.SeedAsync(app.Services, demoClock, CancellationToken.None);
}

app.UseAuthentication();
app.UseAuthorization();
app.MapLeadStatusDashboard("/leadstatus").RequireAuthorization();
if (app.Environment.IsDevelopment())
{
    app.MapDevSignIn();
}

app.MapGet("/", () => Results.Text(
    "LeadStatus web sample: GET /leadstatus (dashboard; in development sign in at /dev/signin), POST /webhooks/call-recording, POST /webhooks/whatsapp-session, GET /leads/{businessId}/{leadId}, GET /notifications/{businessId}, GET /health\n"));
app.MapWebhooks();
app.MapGet("/leads/{businessId:long}/{leadId:long}", async (long businessId, long leadId, ISampleBackend leads, IServiceProvider services, CancellationToken ct) =>
    await leads.GetLeadStatusAsync(services, businessId, leadId, ct) is { } status ? Results.Ok(new { businessId, leadId, status }) : Results.NotFound());
app.MapGet("/notifications/{businessId:long}", async (long businessId, INotificationAdmin notifications, CancellationToken ct) =>
    businessId > 0 ? Results.Ok(await notifications.GetCountsAsync(businessId, ct)) : Results.NotFound());
app.MapHealthChecks("/health");

await app.RunAsync();
return 0;
