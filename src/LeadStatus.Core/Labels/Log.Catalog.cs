using Microsoft.Extensions.Logging;

namespace LeadStatus.Internal;

/// <summary>The status catalog events (31xx, in the storage range).</summary>
internal static partial class Log
{
    [LoggerMessage(3101, LogLevel.Warning, "The status catalog of business {BusinessId} ({Total} rows) has {Count} bad rows or aliases, left out of its compiled catalog: {Problems}")]
    public static partial void CatalogRowsLeftOut(ILogger logger, long businessId, int count, int total, string problems);
}
