namespace LeadStatus.Sample;

/// <summary>The sample's console output, kept in one place.</summary>
internal static class Output
{
    private static readonly Lock Gate = new();

    public static void Title(string text)
    {
        lock (Gate)
        {
            Console.WriteLine();
            Console.ForegroundColor = ConsoleColor.Cyan;
            Console.WriteLine(text);
            Console.WriteLine(new string('=', text.Length));
            Console.ResetColor();
        }
    }

    public static void Scenario(int number, string title, StatusRecommendation recommendation)
    {
        lock (Gate)
        {
            Console.WriteLine();
            Console.ForegroundColor = ConsoleColor.White;
            Console.WriteLine($"{number}. {title}");
            Console.ResetColor();
            Console.WriteLine($"   business {recommendation.BusinessId}, lead {recommendation.LeadId}, {recommendation.Source} '{recommendation.SourceEventId}', confidence {recommendation.Confidence:0.00}");
            Console.WriteLine($"   summary:  {Shorten(recommendation.SummaryText)}");
        }
    }

    public static void Result(StatusUpdateResult result, string? before, string? after)
    {
        lock (Gate)
        {
            Console.ForegroundColor = result.Applied ? ConsoleColor.Green : ConsoleColor.Yellow;
            Console.WriteLine($"   outcome:  {result.Outcome}");
            Console.ResetColor();
            Console.WriteLine($"   message:  {result.Message}");
            Console.WriteLine($"   status:   {before ?? "(no such lead)"} -> {after ?? "(no such lead)"}{(before == after ? "  (unchanged)" : string.Empty)}");
            Console.WriteLine($"   event id: {result.EventId}");
        }
    }

    public static void Notification(StatusChangeNotification notification)
    {
        lock (Gate)
        {
            Console.ForegroundColor = ConsoleColor.Magenta;
            Console.WriteLine($"   [notification {notification.NotificationId:N}]");
            Console.WriteLine($"   {notification.Title}");
            Console.WriteLine($"   {notification.Body}");
            Console.ResetColor();
        }
    }

    public static void Line(string text)
    {
        lock (Gate)
        {
            Console.WriteLine(text);
        }
    }

    private static string Shorten(string? summary) =>
        summary is null ? "(none)" : summary.Length <= 90 ? summary.ReplaceLineEndings(" ") : summary[..40].ReplaceLineEndings(" ") + " … " + summary[^45..].ReplaceLineEndings(" ");
}
