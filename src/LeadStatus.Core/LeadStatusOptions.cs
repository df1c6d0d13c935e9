using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace LeadStatus;

/// <summary>
/// Options of the lead status library, configured through <c>services.AddLeadStatusUpdates(options =&gt; ...)</c>
/// and validated when the host starts.
/// </summary>
public sealed class LeadStatusOptions
{
    /// <summary>Gets or sets the minimum confidence, inclusive, at which a recommendation may be applied.</summary>
    /// <value>The default value is 0.65. Must be between 0 and 1.</value>
    [Range(0d, 1d)]
    public double ConfidenceThreshold { get; set; } = 0.65;

    /// <summary>
    /// Gets or sets the lowest confidence, inclusive, at which a recommendation below <see cref="ConfidenceThreshold"/> waits for a
    /// person as a pending suggestion (<see cref="StatusUpdateOutcome.PendingReview"/>). A business's rules may set their own.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no review queue. Must be between 0 and <see cref="ConfidenceThreshold"/>.</value>
    [Range(0d, 1d)]
    public double? SuggestionThreshold { get; set; }

    /// <summary>
    /// Gets or sets how long after a person's change recorded through <see cref="IStatusReviewService"/> automation leaves the lead
    /// alone (<see cref="StatusUpdateOutcome.RejectedByRule"/>). A business's rules may set their own.
    /// </summary>
    /// <value>The default value is 24 hours. <see cref="TimeSpan.Zero"/> turns protection off; must not be negative.</value>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan ManualChangeProtection { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets how long a pending suggestion stays open; an older one has expired.</summary>
    /// <value>The default value is 7 days. Must be positive.</value>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan SuggestionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how long after an automated decision a person's correction still counts against it in analytics.</summary>
    /// <value>The default value is 7 days. Must be positive.</value>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan CorrectionWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets whether a person's manual change notifies the business's users like an automated one.</summary>
    /// <value>The default value is <see langword="false"/>: the person knows.</value>
    public bool NotifyManualChanges { get; set; }

    /// <summary>Gets the keywords of the recommendation tag <c>[KEYWORD: LABEL]</c>, matched case-insensitively.</summary>
    /// <value>The default value is <c>המלצה</c> and <c>Recommendation</c>. Must hold at least one non-blank keyword of at most 32 characters.</value>
    [MinLength(1)]
#pragma warning disable CA2227 // Options binding replaces collections.
    public IList<string> TagKeywords { get; set; } = ["המלצה", "Recommendation"];
#pragma warning restore CA2227

    /// <summary>Gets or sets how long a compiled snapshot of a business's status catalog is reused before it is read again.</summary>
    /// <value>The default value is 30 seconds. Must be between zero (no caching) and one day.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan CatalogCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how many businesses' compiled catalogs the cache holds at most. When a new one would exceed it, the one
    /// loaded longest ago (the closest to expiring) is dropped first; expired catalogs are released when they expire.
    /// </summary>
    /// <value>
    /// The default value is 10,000 businesses (about 6.5 KB each for a catalog of 5 statuses with an alias each, so about 64 MiB at most; see
    /// docs/PERFORMANCE.md). Must be between 1 and 10,000,000.
    /// </value>
    [Range(1, 10_000_000)]
    public int CatalogCacheSizeLimit { get; set; } = 10_000;

    /// <summary>Gets the PostgreSQL schema and the mapping of the host's tables and columns.</summary>
    [ValidateObjectMembers]
    public PostgresMappingOptions Postgres { get; } = new();

    /// <summary>Gets the options of the notification dispatcher.</summary>
    [ValidateObjectMembers]
    public NotificationOptions Notifications { get; } = new();
}
