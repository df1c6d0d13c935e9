namespace LeadStatus.Internal;

/// <summary>The checks of <see cref="IStatusUpdateService.ApplyManyAsync(IReadOnlyList{StatusRecommendation}, ApplyManyOptions, CancellationToken)"/>; they run before any I/O.</summary>
internal static class BatchValidator
{
    /// <summary>Throws for null arguments, a chunk size out of range, or the first invalid item, naming its zero-based index.</summary>
    public static void Validate(IReadOnlyList<StatusRecommendation> recommendations, ApplyManyOptions options)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSize, 1, "options.ChunkSize");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ChunkSize, ApplyManyOptions.MaxChunkSize, "options.ChunkSize");
        for (var i = 0; i < recommendations.Count; i++)
        {
            var name = FormattableString.Invariant($"{nameof(recommendations)}[{i}]");
            if (recommendations[i] is not { } recommendation)
            {
                throw new ArgumentNullException(name, FormattableString.Invariant($"Item {i} of the list is null; nothing was recorded."));
            }

            if (RecommendationValidator.FindError(recommendation) is { } error)
            {
                // The same exception type as the single call throws, its parameter name prefixed with the item's index.
                var message = FormattableString.Invariant($"Item {i} of the list is invalid; nothing was recorded. {Reason(error)}");
                throw error is ArgumentOutOfRangeException outOfRange
                    ? new ArgumentOutOfRangeException(name + "." + error.ParamName, outOfRange.ActualValue, message)
                    : new ArgumentException(message, name + "." + error.ParamName, error);
            }
        }
    }

    /// <summary>The message of <paramref name="error"/> without the parameter name and value the framework appends.</summary>
    private static string Reason(ArgumentException error)
    {
        var message = error.Message;
        var suffix = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return suffix < 0 ? message : message[..suffix];
    }
}
