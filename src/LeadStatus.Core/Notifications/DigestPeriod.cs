using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LeadStatus.Notifications;

/// <summary>The digest period a change falls in, and a digest's stable notification id.</summary>
/// <param name="Start">The period's start (inclusive), a UTC multiple of the interval.</param>
/// <param name="End">The period's end (exclusive): when its digest is due.</param>
internal readonly record struct DigestPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The most changes one digest lists; a larger period is sent as several digests.</summary>
    public const int MaxChanges = 1000;

    /// <summary>Gets the period of <paramref name="interval"/> that <paramref name="changedAt"/> falls in.</summary>
    public static DigestPeriod Of(DateTimeOffset changedAt, TimeSpan interval)
    {
        var ticks = changedAt.UtcTicks - (changedAt.UtcTicks % interval.Ticks);
        var start = new DateTimeOffset(ticks, TimeSpan.Zero);
        return new DigestPeriod(start, start + interval);
    }

    /// <summary>
    /// Gets the id of the digest of a business's period whose first row is <paramref name="firstRowId"/>: the same on every
    /// redelivery (the same rows are retried together), different for the next digest of a period too large for one.
    /// </summary>
    public Guid NotificationId(long businessId, long firstRowId)
    {
        Span<byte> input = stackalloc byte[32];
        BinaryPrimitives.WriteInt64BigEndian(input, businessId);
        BinaryPrimitives.WriteInt64BigEndian(input[8..], Start.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(input[16..], End.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(input[24..], firstRowId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: a name-based id of our own
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true);
    }
}
