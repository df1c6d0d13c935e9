using System.ComponentModel.DataAnnotations;

namespace LeadStatus;

/// <summary>
/// Options of the background dispatcher that delivers the notification outbox through every registered <see cref="INotifier"/>.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>Gets or sets a value indicating whether this process runs the dispatcher.</summary>
    /// <value>The default value is <see langword="true"/>. Outbox rows are always written; turn this off in processes that must not deliver.</value>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the PostgreSQL store wakes the dispatcher at once: applied changes wake a dispatcher
    /// of the same process in memory, or else send a <c>NOTIFY</c> (for dispatchers in other processes), and the dispatcher waits
    /// for either, with <c>LISTEN</c> on a connection it keeps open. Turn this off behind a connection pooler in
    /// transaction mode (PgBouncer), where a <c>LISTEN</c> does not outlive its transaction: the dispatcher then only polls every
    /// <see cref="PollInterval"/>.
    /// </summary>
    /// <value>The default value is <see langword="true"/>. The in-memory store always wakes its dispatcher in process.</value>
    public bool ListenForWakeUps { get; set; } = true;

    /// <summary>Gets or sets how many outbox rows one dispatcher claims at a time.</summary>
    /// <value>The default value is 32. Must be between 1 and 1,000.</value>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets how often the dispatcher looks for due rows when no wake-up signal arrives.</summary>
    /// <value>The default value is 5 seconds. Must be between 10 milliseconds and 10 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how many failed attempts each notifier gets for a notification before it gives up on it (the notification is
    /// dead once no notifier is left pending and one gave up). A notification claimed more than this many times without a recorded
    /// result (its process died while delivering it) is dead as poison.
    /// </summary>
    /// <value>The default value is 10. Must be between 1 and 100.</value>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Gets or sets the delay before the first retry; each further retry doubles it, with jitter.</summary>
    /// <value>The default value is 2 seconds. Must be between zero and one hour, and at most <see cref="MaxRetryDelay"/>.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the longest delay between two attempts.</summary>
    /// <value>The default value is 10 minutes. Must be between zero and one day.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how long a claimed batch stays reserved for the dispatcher that claimed it; after that another dispatcher may
    /// reclaim its rows. The dispatcher renews the lease before a row whose notifier calls could outlast it, so a slow notifier
    /// never loses its lease mid-call; a dispatcher that stops releases its rows at once.
    /// </summary>
    /// <value>The default value is 2 minutes. Must be between 1 second and 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets how long one notifier call may take. The dispatcher stops waiting then, whatever the notifier does with its
    /// cancellation token (which is cancelled too): the attempt is a failure with a <see cref="TimeoutException"/>, and the rest of
    /// the batch goes on.
    /// </summary>
    /// <value>The default value is 30 seconds. Must be between 10 milliseconds and 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how many notifications of a batch one dispatcher delivers at once: raise it for slow gateways. Above 1,
    /// notifications (of one lead too) may arrive out of order.
    /// </summary>
    /// <value>The default value is 1: one at a time, in claim order. Must be between 1 and 64.</value>
    [Range(1, 64)]
    public int MaxParallelDeliveries { get; set; } = 1;

    /// <summary>Gets or sets how long delivered rows are kept before they are purged; dead rows are kept until a person deals with them.</summary>
    /// <value>The default value is 7 days. Must be between zero and 365 days.</value>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromDays(7);
}
