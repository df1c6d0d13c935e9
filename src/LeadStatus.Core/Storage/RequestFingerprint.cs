using System.Globalization;
using LeadStatus.Labels;

namespace LeadStatus.Storage;

/// <summary>
/// What identifies a request's content for idempotency: the lead and the normalized label. A retry whose summary
/// differs only in spacing, niqqud or quotes has the same fingerprint; one for another lead or label does not.
/// </summary>
internal static class RequestFingerprint
{
    /// <summary>Computes the fingerprint of a request for <paramref name="leadId"/> with a raw label.</summary>
    public static string Compute(long leadId, string? label) => FromNormalized(leadId, label is null ? null : LabelNormalizer.Normalize(label));

    /// <summary>Computes the fingerprint from a label already normalized with <see cref="LabelNormalizer.Normalize"/>.</summary>
    public static string FromNormalized(long leadId, string? normalizedLabel) =>
        string.Concat(leadId.ToString(CultureInfo.InvariantCulture), "|", normalizedLabel);
}
