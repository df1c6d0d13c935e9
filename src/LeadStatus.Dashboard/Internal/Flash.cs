namespace LeadStatus.Dashboard.Internal;

/// <summary>The outcome of the last action, carried in the redirect's query as an outcome name only (never free text).</summary>
internal static class Flash
{
    public static void Write(DashboardRequest request, Html body)
    {
        if (Enum.TryParse<StatusUpdateOutcome>(request.Http.Request.Query["done"].ToString(), out var outcome) && Enum.IsDefined(outcome))
        {
            body.Raw("<p class=\"flash\" role=\"status\">").Text(request.T["done"]).Raw(" ").Text(request.T.Outcome(outcome)).Raw("</p>");
        }
    }
}
