namespace LeadStatus;

/// <summary>The delivery state of an outbox row.</summary>
public enum OutboxState
{
    /// <summary>Waiting for (another) delivery attempt.</summary>
    Pending,

    /// <summary>Delivered to every notifier.</summary>
    Delivered,

    /// <summary>Gave up after the maximum number of attempts; the last error is kept.</summary>
    Dead,
}
