namespace LeadStatus;

/// <summary>
/// How <see cref="IStatusUpdateService.ApplyManyAsync(IReadOnlyList{StatusRecommendation}, ApplyManyOptions, CancellationToken)"/>
/// sends a list: in chunks, each one transaction (and, on PostgreSQL, one round trip), with progress reported after each chunk.
/// </summary>
public sealed class ApplyManyOptions
{
    /// <summary>The default <see cref="ChunkSize"/>.</summary>
    public const int DefaultChunkSize = 500;

    /// <summary>The largest accepted <see cref="ChunkSize"/>.</summary>
    public const int MaxChunkSize = 10_000;

    /// <summary>Gets the number of recommendations written in one transaction.</summary>
    /// <value>The default value is 500. From 1 to 10,000.</value>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>Gets the callback told, after each chunk commits, how many recommendations of the list are done so far.</summary>
    /// <value>The default value is <see langword="null"/> (no progress reported).</value>
    public IProgress<int>? Progress { get; init; }
}
