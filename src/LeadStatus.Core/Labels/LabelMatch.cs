namespace LeadStatus.Labels;

/// <summary>How a label matched a catalog.</summary>
internal enum LabelMatchKind
{
    /// <summary>The normalized label equals a status's label, alias or id.</summary>
    Exact,

    /// <summary>Whole-word containment in either direction, with the same negation, and a unique most specific candidate.</summary>
    Partial,

    /// <summary>No candidate.</summary>
    Unknown,

    /// <summary>Several equally specific candidates.</summary>
    Ambiguous,
}

/// <summary>The result of mapping a label to a catalog.</summary>
/// <param name="Kind">How it matched.</param>
/// <param name="Status">The status, for <see cref="LabelMatchKind.Exact"/> and <see cref="LabelMatchKind.Partial"/>.</param>
/// <param name="Detail">Why, in words, for the event's reason (for example the tied candidates).</param>
internal readonly record struct LabelMatch(LabelMatchKind Kind, LeadStatusDefinition? Status, string Detail);
