namespace LeadStatus.Notifications;

/// <summary>
/// The one claim order of both outboxes, fair across businesses: every business with pending rows gets up to
/// <c>ceil(batchSize / businesses)</c> of its due rows, oldest first (by due time, then id); the batch takes them round by round
/// (every business's oldest row, then every business's second oldest, …), oldest first within a round. One business's backlog
/// therefore delays another business's fresh notification by at most one batch.
/// </summary>
internal static class ClaimOrder
{
    /// <summary>Computes how many rows each business may put in one batch.</summary>
    public static int PerBusiness(int batchSize, int businesses) =>
        businesses <= 1 ? batchSize : Math.Max(1, (batchSize + businesses - 1) / businesses);

    /// <summary>Sorts claimed rows into the claim order (the PostgreSQL <c>UPDATE … RETURNING</c> has none).</summary>
    public static void Sort(List<ClaimedRow> rows)
    {
        var rank = new Dictionary<OutboxKey, int>(rows.Count);
        foreach (var group in rows.GroupBy(r => r.Message.BusinessId))
        {
            var i = 0;
            foreach (var row in group.OrderBy(r => r.NextAttemptAt).ThenBy(r => r.Message.Id))
            {
                rank[row.Key] = i++;
            }
        }

        rows.Sort((x, y) =>
        {
            var byRank = rank[x.Key].CompareTo(rank[y.Key]);
            if (byRank != 0)
            {
                return byRank;
            }

            var byDue = x.NextAttemptAt.CompareTo(y.NextAttemptAt);
            return byDue != 0 ? byDue : x.Message.Id.CompareTo(y.Message.Id);
        });
    }
}
