using Microsoft.Extensions.Logging;

namespace LeadStatus.Internal;

/// <summary>The PostgreSQL storage events (3xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Warning, "The outbox wake-up connection (LISTEN {Channel}) failed; falling back to polling until it reconnects")]
    public static partial void ListenConnectionFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(3002, LogLevel.Information, "Applied lead status schema script {Version} ({Script}) in schema {Schema}")]
    public static partial void SchemaScriptApplied(ILogger logger, int version, string script, string schema);

    [LoggerMessage(3003, LogLevel.Debug, "Lead status schema {Schema} is up to date (version {Version})")]
    public static partial void SchemaUpToDate(ILogger logger, string schema, int version);

    [LoggerMessage(3004, LogLevel.Debug, "{Source} event {SourceEventId} in business {BusinessId} was recorded concurrently by another call; read it back")]
    public static partial void ConcurrentDuplicateResolved(ILogger logger, long businessId, string source, string sourceEventId);

    [LoggerMessage(3005, LogLevel.Warning, "The outbox wake-up (NOTIFY {Channel}) failed; the dispatcher will pick the change up when it polls")]
    public static partial void OutboxWakeUpFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(3006, LogLevel.Warning, "A chunk of {Count} writes was chosen as a deadlock victim (attempt {Attempt}); nothing of it was written, retrying")]
    public static partial void ChunkDeadlockRetried(ILogger logger, int count, int attempt, Exception exception);

    [LoggerMessage(3007, LogLevel.Debug, "Lead {LeadId} of business {BusinessId} changed while the write waited for it; decided again after locking it first")]
    public static partial void StaleLeadRetried(ILogger logger, long businessId, long leadId);
}
