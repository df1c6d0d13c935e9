namespace LeadStatus;

/// <summary>How a recommended label matched the business's catalog. Stored by name (<c>exact</c>, <c>partial</c>).</summary>
public enum StatusMatchKind
{
    /// <summary>The normalized label equals a status's label, alias or id.</summary>
    Exact,

    /// <summary>Whole-word containment in either direction, with the same negation.</summary>
    Partial,
}
