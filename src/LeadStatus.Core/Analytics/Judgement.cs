namespace LeadStatus.Analytics;

/// <summary>How an automated decision has been judged so far (ARCHITECTURE §6, Analytics). Stored nowhere: derived from the events.</summary>
internal enum Judgement
{
    /// <summary>Not yet: a pending or superseded suggestion, or a change younger than the correction window and untouched.</summary>
    Unjudged,

    /// <summary>A person accepted the suggestion.</summary>
    ExplicitCorrect,

    /// <summary>A person rejected the suggestion, or reverted or changed the applied change within the correction window.</summary>
    ExplicitIncorrect,

    /// <summary>The applied change is still untouched by a person after the correction window.</summary>
    ImplicitCorrect,
}
