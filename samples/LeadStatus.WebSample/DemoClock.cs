namespace LeadStatus.WebSample;

/// <summary>The system clock, which the demo seeding turns back while it writes a fortnight of history, then sets right again.</summary>
internal sealed class DemoClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
