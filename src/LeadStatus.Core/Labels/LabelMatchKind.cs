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

    /// <summary>Several statuses share the exact key, or several equally specific partial candidates.</summary>
    Ambiguous,
}
