using System.Buffers;
using System.Text;

namespace LeadStatus.Internal;

/// <summary>
/// Well-formed UTF-16: PostgreSQL stores text as UTF-8 and Npgsql refuses to encode a lone surrogate, so text bound for the
/// database is checked (identifiers) or cleaned (labels) here, with a clear error or outcome instead of an encoder exception.
/// </summary>
internal static class Utf16Text
{
    private static readonly SearchValues<char> Surrogates = SearchValues.Create(
        string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    /// <summary>Returns whether <paramref name="text"/> has no lone (unpaired) surrogate.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        var index = text.IndexOfAny(Surrogates);
        while (index >= 0)
        {
            text = text[index..];
            if (Rune.DecodeFromUtf16(text, out _, out var consumed) != OperationStatus.Done)
            {
                return false;
            }

            text = text[consumed..];
            index = text.IndexOfAny(Surrogates);
        }

        return true;
    }
}
