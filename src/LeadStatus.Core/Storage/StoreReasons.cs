namespace LeadStatus.Storage;

/// <summary>The reasons a store records for the outcomes it decides itself; the PostgreSQL statement uses the same texts.</summary>
internal static class StoreReasons
{
    public const string LeadNotFound = "lead not found in this business";
    public const string SameStatus = "lead already has the recommended status";
}
