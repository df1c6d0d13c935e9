using System.Security.Cryptography;
using System.Text;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// The <c>LISTEN</c>/<c>NOTIFY</c> channel that wakes the outbox dispatcher, one per schema: two deployments sharing a database
/// in different schemas do not wake each other.
/// </summary>
internal static class OutboxChannel
{
    /// <summary>Gets the channel of <paramref name="schema"/>: <c>lead_status_outbox_</c> and 16 hex digits of the schema name's SHA-256.</summary>
    /// <remarks>A hash, not the name: any schema name yields a plain identifier well under PostgreSQL's 63 bytes, safe unquoted.</remarks>
    public static string For(string schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(schema));
        return "lead_status_outbox_" + Convert.ToHexStringLower(hash, 0, 8);
    }
}
