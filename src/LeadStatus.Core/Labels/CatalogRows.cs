using System.Globalization;
using System.Text;
using LeadStatus.Internal;

namespace LeadStatus.Labels;

/// <summary>
/// The rules a status catalog row must keep to take part in mapping. A row that breaks one is left out of the compiled
/// snapshot (and named in one warning per business and snapshot), never thrown on the caller's path: a catalog is the
/// host's data, edited by people, and one bad row must not take a whole tenant down.
/// </summary>
internal static class CatalogRows
{
    /// <summary>The longest accepted <see cref="LeadStatusDefinition.StatusId"/>, in UTF-16 code units (the longest label the parser accepts).</summary>
    public const int MaxStatusIdLength = 128;

    private const int MaxShown = 40;

    /// <summary>Returns why a row cannot be used, or null when it can.</summary>
    /// <param name="status">The row as the catalog returned it.</param>
    /// <returns>A short English reason, or null.</returns>
    public static string? FindProblem(LeadStatusDefinition? status)
    {
        if (status is null)
        {
            return "the row is null";
        }

        if (string.IsNullOrWhiteSpace(status.StatusId))
        {
            return "the status id is blank";
        }

        if (status.StatusId.Length > MaxStatusIdLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the status id is longer than {MaxStatusIdLength} characters");
        }

        if (!IsClean(status.StatusId))
        {
            return "the status id holds a control character or a lone surrogate";
        }

        if (string.IsNullOrWhiteSpace(status.Label))
        {
            return "the label is blank";
        }

        return IsClean(status.Label) ? null : "the label holds a control character or a lone surrogate";
    }

    /// <summary>Whether an alias can be used: non-blank text is checked like a label; blank aliases are ignored silently.</summary>
    /// <param name="alias">The alias.</param>
    /// <returns>True when the alias holds a control character or a lone surrogate.</returns>
    public static bool IsBadAlias(string? alias) => !string.IsNullOrWhiteSpace(alias) && !IsClean(alias);

    /// <summary>Whether text has no control character (C0, DEL, C1) and no lone surrogate.</summary>
    public static bool IsClean(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return Utf16Text.IsWellFormed(text);
    }

    /// <summary>Renders an id for a log line: control characters and surrogates escaped, cut at 40 characters.</summary>
    /// <param name="text">The id, possibly bad.</param>
    /// <returns>A printable rendering.</returns>
    public static string Show(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var shown = new StringBuilder(Math.Min(text.Length, MaxShown) + 2).Append('\'');
        foreach (var c in text.Length > MaxShown ? text[..MaxShown] : text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                shown.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                shown.Append(c);
            }
        }

        return shown.Append(text.Length > MaxShown ? "'…" : "'").ToString();
    }
}
