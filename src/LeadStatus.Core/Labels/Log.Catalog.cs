using Microsoft.Extensions.Logging;

namespace LeadStatus.Internal;

/// <summary>The status catalog and host-table mapping events (31xx, in the storage range).</summary>
internal static partial class Log
{
    [LoggerMessage(3101, LogLevel.Warning, "The status catalog of business {BusinessId} ({Total} rows) has {Count} bad rows or aliases, left out of its compiled catalog: {Problems}")]
    public static partial void CatalogRowsLeftOut(ILogger logger, long businessId, int count, int total, string problems);

    [LoggerMessage(3102, LogLevel.Warning, "Could not verify the PostgreSQL host-table mapping at start-up: the database could not be reached; calls will fail until it can")]
    public static partial void MappingNotVerified(ILogger logger, Exception exception);
}
