namespace LeadStatus.Sample;

/// <summary>The sample's console output, kept in one place; every line goes through <see cref="TerminalText.Display"/>.</summary>
internal static class Output
{
    private static readonly Lock Gate = new();

    public static void Title(string text)
    {
        lock (Gate)
        {
            Console.WriteLine();
            Write(text, ConsoleColor.Cyan);
            Write(new string('=', text.Length), ConsoleColor.Cyan);
        }
    }

    public static void Scenario(int number, string title, StatusRecommendation recommendation)
    {
        lock (Gate)
        {
            Console.WriteLine();
            Write($"{number}. {title}", ConsoleColor.White);
            Write($"   business {recommendation.BusinessId}, lead {recommendation.LeadId}, {recommendation.Source} '{recommendation.SourceEventId}', confidence {recommendation.Confidence:0.00}");
            Write($"   summary:  {Shorten(recommendation.SummaryText)}");
        }
    }

    public static void Result(StatusUpdateResult result, string? before, string? after)
    {
        lock (Gate)
        {
            Write($"   outcome:  {result.Outcome}", result.Applied ? ConsoleColor.Green : ConsoleColor.Yellow);
            Write($"   message:  {result.Message}");
            Write($"   status:   {before ?? "(no such lead)"} -> {after ?? "(no such lead)"}{(before == after ? "  (unchanged)" : string.Empty)}");
            Write($"   event id: {result.EventId}");
        }
    }

    public static void Notification(StatusChangeNotification? notification, StatusUpdateResult result)
    {
        lock (Gate)
        {
            if (result.Outcome is not (StatusUpdateOutcome.Applied or StatusUpdateOutcome.Reverted))
            {
                Write("   notified: nobody (nothing changed)");
            }
            else if (notification is null)
            {
                Write("   notified: not yet (the dispatcher has not delivered it within 10 seconds)", ConsoleColor.Red);
            }
            else
            {
                Write($"   notified: [{notification.NotificationId:N}] {notification.Title}", ConsoleColor.Magenta);
                Write($"             {notification.Body}", ConsoleColor.Magenta);
            }
        }
    }

    public static void Line(string text)
    {
        lock (Gate)
        {
            Write(text);
        }
    }

    public static void Error(string text)
    {
        lock (Gate)
        {
            Console.ForegroundColor = ConsoleColor.Red;
            Console.Error.WriteLine(TerminalText.Display(text));
            Console.ResetColor();
        }
    }

    private static void Write(string text, ConsoleColor? color = null)
    {
        if (color is { } c)
        {
            Console.ForegroundColor = c;
        }

        Console.WriteLine(TerminalText.Display(text));
        if (color is not null)
        {
            Console.ResetColor();
        }
    }

    private static string Shorten(string? summary) =>
        summary is null ? "(none)" : summary.Length <= 90 ? summary.ReplaceLineEndings(" ") : summary[..40].ReplaceLineEndings(" ") + " … " + summary[^45..].ReplaceLineEndings(" ");
}
