using Microsoft.Extensions.Options;

namespace LeadStatus.Hosting;

/// <summary>Validates the rules of <see cref="LeadStatusOptions"/> that data annotations cannot express.</summary>
internal sealed class LeadStatusOptionsRulesValidator : IValidateOptions<LeadStatusOptions>
{
    /// <summary>The longest accepted tag keyword.</summary>
    public const int MaxKeywordLength = 32;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LeadStatusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        if (options.TagKeywords is null || options.TagKeywords.Count == 0)
        {
            builder.AddError("must hold at least one keyword.", "LeadStatusOptions.TagKeywords");
        }
        else
        {
            foreach (var keyword in options.TagKeywords)
            {
                if (string.IsNullOrWhiteSpace(keyword) || keyword.Length > MaxKeywordLength || keyword.AsSpan().IndexOfAny("[]:：") >= 0)
                {
                    builder.AddError(
                        $"must hold non-blank keywords of at most {MaxKeywordLength} characters without '[', ']' or ':'; '{keyword}' is not one.",
                        "LeadStatusOptions.TagKeywords");
                }
            }
        }

        if (options.SuggestionThreshold is { } suggestion && suggestion > options.ConfidenceThreshold)
        {
            builder.AddError(
                FormattableString.Invariant($"must not be above LeadStatusOptions.ConfidenceThreshold ({options.ConfidenceThreshold}); it is {suggestion}."),
                "LeadStatusOptions.SuggestionThreshold");
        }

        if (options.Notifications.InitialRetryDelay > options.Notifications.MaxRetryDelay)
        {
            builder.AddError("must not exceed LeadStatusOptions.Notifications.MaxRetryDelay.", "LeadStatusOptions.Notifications.InitialRetryDelay");
        }

        return builder.Build();
    }
}
