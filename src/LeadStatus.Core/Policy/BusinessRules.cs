using System.Collections.Frozen;

namespace LeadStatus.Policy;

/// <summary>
/// A business's <see cref="LeadStatusRules"/> merged with <see cref="LeadStatusOptions"/> and compiled once per cache entry, so the
/// hot path resolves a threshold or builds a <see cref="LeadGuard"/> without allocating.
/// </summary>
internal sealed class BusinessRules
{
    private readonly double _threshold;
    private readonly FrozenDictionary<string, double> _sourceThresholds;
    private readonly string[]? _locked;
    private readonly FrozenDictionary<string, string[]> _allowedFrom;
    private readonly TimeSpan _protection;
    private readonly string? _protectedTemplate;

    private BusinessRules(LeadStatusRules rules, LeadStatusOptions options, AutomationWindow? hours)
    {
        _threshold = rules.ConfidenceThreshold ?? options.ConfidenceThreshold;
        _sourceThresholds = (rules.SourceConfidenceThresholds ?? FrozenDictionary<string, double>.Empty).ToFrozenDictionary(StringComparer.Ordinal);
        SuggestionThreshold = rules.SuggestionThreshold ?? options.SuggestionThreshold;
        _locked = rules.LockedStatuses is { Count: > 0 } locked ? [.. locked.Distinct(StringComparer.Ordinal)] : null;
        _allowedFrom = (rules.AllowedTransitions ?? FrozenDictionary<string, IReadOnlyCollection<string>>.Empty)
            .ToFrozenDictionary(pair => pair.Key, pair => (string[])[.. pair.Value.Distinct(StringComparer.Ordinal)], StringComparer.Ordinal);
        _protection = rules.ManualChangeProtection ?? options.ManualChangeProtection;
        _protectedTemplate = _protection > TimeSpan.Zero ? RuleReasons.ProtectedTemplate(_protection) : null;
        Hours = hours;
        TransitionPairs = (
            [.. _allowedFrom.SelectMany(pair => pair.Value.Select(_ => pair.Key))],
            [.. _allowedFrom.SelectMany(pair => pair.Value)]);
    }

    /// <summary>Gets the locked statuses, or null when none.</summary>
    public string[]? LockedStatuses => _locked;

    /// <summary>Gets the allowed transitions as parallel (target, source) arrays, for a statement that learns the target itself.</summary>
    public (string[] Targets, string[] Sources) TransitionPairs { get; private init; }

    /// <summary>Gets the review band's lower bound, or null when the business has no review queue.</summary>
    public double? SuggestionThreshold { get; }

    /// <summary>Gets the automation hours, or null when automation may run at any time.</summary>
    public AutomationWindow? Hours { get; }

    /// <summary>Compiles a business's rules; <paramref name="rules"/> null means the options alone.</summary>
    /// <exception cref="ArgumentException">The rules are invalid (<see cref="LeadStatusRulesValidator"/>).</exception>
    public static BusinessRules Compile(LeadStatusRules? rules, LeadStatusOptions options)
    {
        rules ??= new LeadStatusRules();
        LeadStatusRulesValidator.Validate(rules, statusIds: null);
        AutomationWindow? hours = null;
        if (rules.AutomationHours is { } configured)
        {
            AutomationWindow.TryCreate(configured, out hours); // validated above
        }

        return new BusinessRules(rules, options, hours);
    }

    /// <summary>Gets the apply threshold for a source: the source's own, else the business's, else the option.</summary>
    public double ApplyThreshold(string source) => _sourceThresholds.TryGetValue(source, out var threshold) ? threshold : _threshold;

    /// <summary>Gets what the store checks under the lead's lock before moving it to <paramref name="targetStatusId"/>.</summary>
    public LeadGuard GuardFor(string targetStatusId, DateTimeOffset now) => new(
        _locked,
        _allowedFrom.GetValueOrDefault(targetStatusId),
        _protectedTemplate is null ? null : now - _protection,
        _protectedTemplate,
        ReviewQueue: SuggestionThreshold is not null);
}
