namespace LeadStatus.Load;

/// <summary>
/// The recommendations each scenario sends. <c>applied</c>: fresh keys on random leads with one of five statuses
/// (about 80% change the status, the rest are same-status no-ops, as in pgbench-apply.sql); <c>duplicate</c>: retries
/// of keys already recorded; <c>mixed</c>: 70% fresh, 20% retries, 10% low confidence or an unknown label.
/// </summary>
internal sealed class Workload(string scenario, int leads, string runId)
{
    private static readonly string[] Labels = ["status 1", "status 2", "status 3", "status 4", "status 5"];
    private readonly Dictionary<int, List<StatusRecommendation>> _recorded = [];
    private long _sequence;

    /// <summary>Records some keys per client so the duplicate scenario has something to retry.</summary>
    public async Task PrepareAsync(IStatusUpdateService service, int clients)
    {
        if (scenario != "duplicate")
        {
            return;
        }

        var random = new Random(1);
        for (var client = 0; client < clients; client++)
        {
            for (var i = 0; i < 200; i++)
            {
                var recommendation = Fresh(random);
                await service.ApplyFromRecommendationAsync(recommendation);
                Completed(client, recommendation);
            }
        }
    }

    public StatusRecommendation Next(int client, Random random)
    {
        switch (scenario)
        {
            case "duplicate":
                return Retry(client, random) ?? Fresh(random);
            case "mixed":
                var roll = random.Next(100);
                if (roll < 20 && Retry(client, random) is { } retry)
                {
                    return retry;
                }

                if (roll >= 90)
                {
                    return roll % 2 == 0
                        ? Fresh(random) with { Confidence = 0.3 }
                        : Fresh(random) with { SummaryText = "הלקוח ביקש הצעת מחיר. [המלצה: לקוח VIP זהב]" };
                }

                return Fresh(random);
            default:
                return Fresh(random);
        }
    }

    public void Completed(int client, StatusRecommendation recommendation)
    {
        if (scenario == "applied")
        {
            return;
        }

        lock (_recorded)
        {
            if (!_recorded.TryGetValue(client, out var list))
            {
                _recorded[client] = list = [];
            }

            if (list.Count < 10_000)
            {
                list.Add(recommendation);
            }
        }
    }

    private StatusRecommendation? Retry(int client, Random random)
    {
        lock (_recorded)
        {
            return _recorded.TryGetValue(client, out var list) && list.Count > 0 ? list[random.Next(list.Count)] : null;
        }
    }

    private StatusRecommendation Fresh(Random random) => new(
        1,
        random.Next(1, leads + 1),
        $"סיכום שיחה עם הלקוח: התעניין בהצעה, ביקש פרטים נוספים ומועד לפגישה. [המלצה: {Labels[random.Next(Labels.Length)]}]",
        StatusSources.CallSummary,
        $"{runId}-{Interlocked.Increment(ref _sequence)}",
        0.9);
}
