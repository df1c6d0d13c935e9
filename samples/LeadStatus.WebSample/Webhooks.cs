using System.Text.Json;

namespace LeadStatus.WebSample;

/// <summary>What the telephony provider posts when a call's recording and AI summary are ready.</summary>
/// <param name="BusinessId">The business (tenant).</param>
/// <param name="LeadId">The lead called.</param>
/// <param name="CallId">The provider's call id: the idempotency key, the same on every retry.</param>
/// <param name="Summary">The AI summary, ending with a tag such as <c>[המלצה: מעוניין]</c>.</param>
/// <param name="Confidence">The AI's confidence, from 0 to 1.</param>
internal sealed record CallRecordingCallback(long BusinessId, long LeadId, string? CallId, string? Summary, double Confidence);

/// <summary>What the chat platform posts when a WhatsApp session closes and its AI summary is ready.</summary>
/// <param name="BusinessId">The business (tenant).</param>
/// <param name="LeadId">The lead chatted with.</param>
/// <param name="SessionId">The session id: the idempotency key.</param>
/// <param name="Summary">The AI summary.</param>
/// <param name="Confidence">The AI's confidence, from 0 to 1.</param>
internal sealed record WhatsAppSessionClosed(long BusinessId, long LeadId, string? SessionId, string? Summary, double Confidence);

/// <summary>The two webhook endpoints of the README's quick start.</summary>
internal static class Webhooks
{
    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/call-recording", (CallRecordingCallback callback, IStatusUpdateService statusUpdates, CancellationToken ct) =>
            ApplyAsync(statusUpdates, new StatusRecommendation(callback.BusinessId, callback.LeadId, callback.Summary,
                StatusSources.CallSummary, SourceEventId: callback.CallId ?? string.Empty, callback.Confidence), "callId", ct));

        app.MapPost("/webhooks/whatsapp-session", (WhatsAppSessionClosed session, IStatusUpdateService statusUpdates, CancellationToken ct) =>
            ApplyAsync(statusUpdates, new StatusRecommendation(session.BusinessId, session.LeadId, session.Summary,
                StatusSources.WhatsAppSummary, SourceEventId: session.SessionId ?? string.Empty, session.Confidence), "sessionId", ct));
    }

    private static async Task<IResult> ApplyAsync(
        IStatusUpdateService statusUpdates, StatusRecommendation recommendation, string eventIdField, CancellationToken ct)
    {
        // Bad input is the caller's fault and a retry fails the same way: 400 naming the field, never 500 (which providers retry forever).
        if (!StatusRecommendationValidator.TryValidate(recommendation, out var error))
        {
            var field = error.ParamName switch
            {
                nameof(StatusRecommendation.SourceEventId) => eventIdField,
                nameof(StatusRecommendation.SummaryText) => "summary",
                { } name => JsonNamingPolicy.CamelCase.ConvertName(name),
                null => "request",
            };
            return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [error.Message] }, title: $"Invalid {field}.");
        }

        var result = await statusUpdates.ApplyFromRecommendationAsync(recommendation, ct);
        // Outcomes serialize as names: {"outcome":"AlreadyProcessed", ...} on a retry.
        return Results.Ok(new { result.Outcome, result.Message, result.EventId, result.PreviousStatusId, result.NewStatusId });
    }
}
