namespace LeadStatus.Tests.Support;

/// <summary>The status catalogs the tests share: a realistic Hebrew pipeline with English aliases.</summary>
internal static class TestCatalogs
{
    public const long BusinessId = 1;
    public const long OtherBusinessId = 2;

    public static readonly LeadStatusDefinition New = new("new", "ליד חדש", ["New lead"]);
    public static readonly LeadStatusDefinition Interested = new("interested", "מעוניין", ["Interested"]);
    public static readonly LeadStatusDefinition NotInterested = new("not_interested", "לא מעוניין", ["Not interested"]);
    public static readonly LeadStatusDefinition NoAnswer = new("no_answer", "אין מענה", ["No answer"]);
    public static readonly LeadStatusDefinition Meeting = new("meeting_scheduled", "נקבעה פגישה", ["Meeting scheduled"]);

    public static LeadStatusDefinition[] Pipeline => [New, Interested, NotInterested, NoAnswer, Meeting];
}
