using System.Globalization;
using System.Text;

namespace LeadStatus.Sample;

/// <summary>
/// Makes Hebrew readable in any terminal: invisible bidi marks (U+200E, U+200F, embeddings and isolates) are removed, since a
/// terminal without bidi support shows them as noise; with <c>--no-bidi</c>, each right-to-left run is also written in visual
/// order (reversed, numbers kept left to right), which is how such a terminal must receive it to show it the right way round.
/// </summary>
internal static class TerminalText
{
    public static bool VisualOrder { get; set; }

    public static string Display(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!IsBidiControl(c))
            {
                builder.Append(c);
            }
        }

        return VisualOrder ? ToVisualOrder(builder.ToString()) : builder.ToString();
    }

    public static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>Reverses each run that starts with a Hebrew letter, keeping numbers (91%, 4, 12:30) in reading order.</summary>
    private static string ToVisualOrder(string line)
    {
        var output = new StringBuilder(line.Length);
        var rightToLeft = line.FirstOrDefault(char.IsLetter) is var first && IsHebrew(first);
        var i = 0;
        while (i < line.Length)
        {
            if (!IsHebrew(line[i]))
            {
                output.Append(line[i++]);
                continue;
            }

            // The run ends at its last Hebrew letter or, in a right-to-left line (its first letter is Hebrew), at the end of the
            // line when only numbers and punctuation follow it (a sentence ending in "(ביטחון 91%).").
            var end = i;
            var j = i;
            for (; j < line.Length && (IsHebrew(line[j]) || IsInsideRun(line[j])); j++)
            {
                if (IsHebrew(line[j]))
                {
                    end = j;
                }
            }

            if (j == line.Length && rightToLeft)
            {
                end = line.Length - 1;
            }

            output.Append(ReverseRun(line.AsSpan(i, end - i + 1)));
            i = end + 1;
        }

        return output.ToString();
    }

    private static string ReverseRun(ReadOnlySpan<char> run)
    {
        var atoms = new List<string>();
        var k = 0;
        while (k < run.Length)
        {
            if (char.IsAsciiDigit(run[k]))
            {
                var start = k;
                while (k < run.Length && (char.IsAsciiDigit(run[k]) || (run[k] is '.' or ',' or ':' or '%' && k + 1 < run.Length && char.IsAsciiDigit(run[k + 1]))))
                {
                    k++;
                }

                if (k < run.Length && run[k] == '%')
                {
                    k++;
                }

                atoms.Add(run[start..k].ToString());
                continue;
            }

            atoms.Add(Mirror(run[k++]).ToString());
        }

        atoms.Reverse();
        return string.Concat(atoms);
    }

    private static bool IsHebrew(char c) => c is >= '\u0590' and <= '\u05FF' or >= '\uFB1D' and <= '\uFB4F';

    private static bool IsInsideRun(char c) =>
        c == ' ' || char.IsAsciiDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherPunctuation
            or UnicodeCategory.DashPunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation;

    private static char Mirror(char c) => c switch
    {
        '(' => ')', ')' => '(', '[' => ']', ']' => '[', '{' => '}', '}' => '{', '<' => '>', '>' => '<',
        _ => c,
    };
}
