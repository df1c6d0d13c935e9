using Microsoft.AspNetCore.Http;

namespace LeadStatus.Dashboard;

/// <summary>How the dashboard decides who sees what, and how it looks.</summary>
public sealed class LeadStatusDashboardOptions
{
    /// <summary>
    /// Gets or sets the businesses the request's user may see. Until it is set, the dashboard refuses every request. Every page,
    /// query and action is scoped to the returned set; another business's id answers 404.
    /// </summary>
    public Func<HttpContext, IReadOnlySet<long>>? VisibleBusinesses { get; set; }

    /// <summary>Gets or sets the name recorded as the actor of an accept, reject or undo; by default the user's name.</summary>
    public Func<HttpContext, string?>? ActorName { get; set; }

    /// <summary>Gets or sets a business's display name; by default its id.</summary>
    public Func<long, string?>? BusinessName { get; set; }

    /// <summary>Gets or sets a value indicating whether every action is hidden and refused (pages only).</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Gets or sets the language when the user chose none: <c>he</c> (default, right-to-left) or <c>en</c>.</summary>
    public string DefaultLanguage { get; set; } = "he";

    /// <summary>Gets or sets the precision the suggested threshold must reach (by its 95% lower bound); default 0.9.</summary>
    public double TargetPrecision { get; set; } = 0.9;

    /// <summary>Gets or sets how far back the overview looks; default 30 days.</summary>
    public TimeSpan OverviewPeriod { get; set; } = TimeSpan.FromDays(30);
}
