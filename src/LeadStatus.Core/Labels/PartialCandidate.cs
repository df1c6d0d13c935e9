namespace LeadStatus.Labels;

/// <summary>A status's label or alias, compiled for whole-word partial matching.</summary>
/// <param name="status">The status it names.</param>
/// <param name="text">The label or alias as the catalog writes it, for the match's detail.</param>
/// <param name="words">Its normalized words, in order; at least one.</param>
internal sealed class PartialCandidate(LeadStatusDefinition status, string text, string[] words)
{
    /// <summary>Gets the status the candidate names.</summary>
    public LeadStatusDefinition Status { get; } = status;

    /// <summary>Gets the label or alias as the catalog writes it.</summary>
    public string Text { get; } = text;

    /// <summary>Gets the normalized words, in order.</summary>
    public string[] Words { get; } = words;

    /// <summary>Gets whether one of the words is a negation (<see cref="LabelWords.IsNegation"/>).</summary>
    public bool Negated { get; } = words.Any(w => LabelWords.IsNegation(w));

    /// <summary>Gets whether one of the words is not a negation: a candidate made only of negations ("No") never matches partially.</summary>
    public bool HasContent { get; } = words.Any(w => !LabelWords.IsNegation(w));
}
