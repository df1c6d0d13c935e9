using System.Text;

namespace LeadStatus.Benchmarks;

/// <summary>Builds realistic summaries of a given size.</summary>
internal static class Summaries
{
    private const string Sentence = "הלקוח התעניין במחיר של החבילה השנתית ושאל אם יש הנחה לעסקים קטנים [1]. The customer asked about pricing. ";

    /// <summary>Builds a summary of <paramref name="length"/> characters, ending with <paramref name="tag"/> when given.</summary>
    public static string Build(int length, string? tag)
    {
        var builder = new StringBuilder(length);
        var body = length - (tag?.Length ?? 0);
        while (builder.Length < body)
        {
            builder.Append(Sentence, 0, Math.Min(Sentence.Length, body - builder.Length));
        }

        return builder.Append(tag).ToString();
    }
}
