namespace LeadStatus;

/// <summary>
/// Applies a lead status recommendation that an AI summary carries (for example <c>[המלצה: מעוניין]</c>)
/// to the lead, idempotently and with a full audit trail.
/// </summary>
public interface IStatusUpdateService
{
    /// <summary>
    /// Parses the recommendation out of <see cref="StatusRecommendation.SummaryText"/>, maps it to one of the
    /// business's statuses, applies the confidence policy and records the attempt in one atomic write.
    /// </summary>
    /// <param name="recommendation">The summary and the identity of the event that produced it.</param>
    /// <param name="cancellationToken">A token that cancels the call before the write commits.</param>
    /// <returns>
    /// The outcome. Every outcome except <see cref="StatusUpdateOutcome.AlreadyProcessed"/> and
    /// <see cref="StatusUpdateOutcome.IdempotencyKeyConflict"/> records exactly one event.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="recommendation"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A field of <paramref name="recommendation"/> breaks the contract (see the README); nothing is recorded.</exception>
    Task<StatusUpdateResult> ApplyFromRecommendationAsync(StatusRecommendation recommendation, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a list of recommendations in chunks of <see cref="ApplyManyOptions.DefaultChunkSize"/>: each result is what
    /// <see cref="ApplyFromRecommendationAsync"/> would have returned for that item had the items been applied one after another
    /// in list order.
    /// </summary>
    /// <param name="recommendations">The recommendations, in the order they are to be applied.</param>
    /// <param name="cancellationToken">A token that cancels the call; chunks already committed stay written.</param>
    /// <returns>The results, in list order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recommendations"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An item is null or breaks the contract; the message and parameter name give its zero-based index, and nothing is recorded.</exception>
    /// <remarks>The default implementation calls <see cref="ApplyFromRecommendationAsync"/> once per item; the library's implementation writes a chunk in one transaction.</remarks>
#pragma warning disable RS0027 // The signature is the contract's (ARCHITECTURE §6); the options overload takes its token without a default.
    Task<IReadOnlyList<StatusUpdateResult>> ApplyManyAsync(IReadOnlyList<StatusRecommendation> recommendations, CancellationToken cancellationToken = default) =>
        ApplyManyAsync(recommendations, new ApplyManyOptions(), cancellationToken);
#pragma warning restore RS0027

    /// <summary>
    /// Applies a list of recommendations in chunks, as <see cref="ApplyManyAsync(IReadOnlyList{StatusRecommendation}, CancellationToken)"/>
    /// does, with the chunk size and progress callback of <paramref name="options"/>.
    /// </summary>
    /// <param name="recommendations">The recommendations, in the order they are to be applied.</param>
    /// <param name="options">The chunk size and the progress callback.</param>
    /// <param name="cancellationToken">A token that cancels the call; chunks already committed stay written.</param>
    /// <returns>The results, in list order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recommendations"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ApplyManyOptions.ChunkSize"/> is not from 1 to <see cref="ApplyManyOptions.MaxChunkSize"/>.</exception>
    /// <exception cref="ArgumentException">An item is null or breaks the contract; the message and parameter name give its zero-based index, and nothing is recorded.</exception>
    /// <remarks>The default implementation validates every item, then calls <see cref="ApplyFromRecommendationAsync"/> once per item.</remarks>
    async Task<IReadOnlyList<StatusUpdateResult>> ApplyManyAsync(
        IReadOnlyList<StatusRecommendation> recommendations, ApplyManyOptions options, CancellationToken cancellationToken)
    {
        Internal.BatchValidator.Validate(recommendations, options);
        var results = new StatusUpdateResult[recommendations.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = await ApplyFromRecommendationAsync(recommendations[i], cancellationToken).ConfigureAwait(false);
            if ((i + 1) % options.ChunkSize == 0 || i + 1 == results.Length)
            {
                options.Progress?.Report(i + 1);
            }
        }

        return results;
    }
}
