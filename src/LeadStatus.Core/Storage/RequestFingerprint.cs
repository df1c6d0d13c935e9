using System.Globalization;
using LeadStatus.Labels;

namespace LeadStatus.Storage;

/// <summary>
/// What identifies a request's content for idempotency: the lead and the normalized label. A retry whose summary
/// differs only in spacing, niqqud or quotes has the same fingerprint; one for another lead or label does not.
/// </summary>
internal static class RequestFingerprint
{
    public static string Compute(long leadId, string? label) =>
        label is null
            ? leadId.ToString(CultureInfo.InvariantCulture) + "|"
            : string.Concat(leadId.ToString(CultureInfo.InvariantCulture), "|", LabelNormalizer.Normalize(label));
}
