using LeadStatus.Internal;

namespace LeadStatus.Policy;

/// <summary>Validates <see cref="LeadStatusRules"/> when they are set and when they are loaded (ARCHITECTURE §6, Rules).</summary>
internal static class LeadStatusRulesValidator
{
    /// <summary>The longest status id a rule may name.</summary>
    public const int MaxStatusIdLength = 128;

    /// <summary>Throws an <see cref="ArgumentException"/> whose parameter name is the offending member.</summary>
    /// <param name="rules">The rules.</param>
    /// <param name="statusIds">The business's status ids to check named statuses against, or null to skip that check.</param>
#pragma warning disable CA2208 // The parameter name is the offending member of the rules.
    public static void Validate(LeadStatusRules rules, IReadOnlySet<string>? statusIds)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Threshold(rules.ConfidenceThreshold, nameof(LeadStatusRules.ConfidenceThreshold));
        Threshold(rules.SuggestionThreshold, nameof(LeadStatusRules.SuggestionThreshold));
        if (rules.SourceConfidenceThresholds is { } sources)
        {
            foreach (var (source, threshold) in sources)
            {
                if (!RecommendationValidator.IsSource(source))
                {
                    throw new ArgumentException(
                        $"SourceConfidenceThresholds has the key '{source}', which is not a source name (^[a-z][a-z0-9_]{{0,31}}$).",
                        nameof(LeadStatusRules.SourceConfidenceThresholds));
                }

                Threshold(threshold, nameof(LeadStatusRules.SourceConfidenceThresholds), source);
            }
        }

        if (rules.SuggestionThreshold is { } suggestion)
        {
            if (rules.ConfidenceThreshold is { } apply && suggestion > apply)
            {
                throw new ArgumentException(
                    FormattableString.Invariant($"SuggestionThreshold {suggestion} is above ConfidenceThreshold {apply}."),
                    nameof(LeadStatusRules.SuggestionThreshold));
            }

            foreach (var (source, threshold) in rules.SourceConfidenceThresholds ?? new Dictionary<string, double>())
            {
                if (suggestion > threshold)
                {
                    throw new ArgumentException(
                        FormattableString.Invariant($"SuggestionThreshold {suggestion} is above the threshold {threshold} of source '{source}'."),
                        nameof(LeadStatusRules.SuggestionThreshold));
                }
            }
        }

        if (rules.ManualChangeProtection is { } protection && protection < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LeadStatusRules.ManualChangeProtection), protection, "ManualChangeProtection must not be negative.");
        }

        foreach (var status in rules.LockedStatuses ?? [])
        {
            StatusId(status, statusIds, nameof(LeadStatusRules.LockedStatuses));
        }

        foreach (var (target, from) in rules.AllowedTransitions ?? new Dictionary<string, IReadOnlyCollection<string>>())
        {
            StatusId(target, statusIds, nameof(LeadStatusRules.AllowedTransitions));
            if (from is null)
            {
                throw new ArgumentException($"AllowedTransitions['{target}'] is null; list the statuses it may be reached from.", nameof(LeadStatusRules.AllowedTransitions));
            }

            foreach (var status in from)
            {
                StatusId(status, statusIds, nameof(LeadStatusRules.AllowedTransitions));
            }
        }

        if (rules.AutomationHours is { } hours && !AutomationWindow.TryCreate(hours, out _))
        {
            throw new ArgumentException(
                $"AutomationHours needs a known IANA time zone (got '{hours.TimeZoneId}') and a start that differs from its end.",
                nameof(LeadStatusRules.AutomationHours));
        }
    }

    private static void Threshold(double? value, string member, string? key = null)
    {
        if (value is { } threshold && (double.IsNaN(threshold) || threshold < 0 || threshold > 1))
        {
            var name = key is null ? member : $"{member}['{key}']";
            throw new ArgumentOutOfRangeException(member, threshold, $"{name} must be a number from 0 to 1.");
        }
    }

    private static void StatusId(string? status, IReadOnlySet<string>? statusIds, string member)
    {
        if (!RecommendationValidator.IsText(status, MaxStatusIdLength))
        {
            throw new ArgumentException($"{member} names a blank, too long or malformed status id.", member);
        }

        if (statusIds is not null && !statusIds.Contains(status))
        {
            throw new ArgumentException($"{member} names the status '{status}', which is not in the business's catalog.", member);
        }
    }
#pragma warning restore CA2208
}
