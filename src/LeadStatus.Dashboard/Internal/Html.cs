using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace LeadStatus.Dashboard.Internal;

/// <summary>An HTML writer: every value goes through <see cref="HtmlEncoder"/>; only the dashboard's own markup is raw.</summary>
internal sealed class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly StringBuilder _builder = new();

    /// <summary>Appends the dashboard's own markup, never a value from outside.</summary>
    public Html Raw(string markup)
    {
        _builder.Append(markup);
        return this;
    }

    /// <summary>Appends a value, HTML-encoded (safe in text and in quoted attributes).</summary>
    public Html Text(string? value)
    {
        _builder.Append(Encoder.Encode(value ?? string.Empty));
        return this;
    }

    /// <summary>Appends a number in the invariant culture.</summary>
    public Html Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Encodes a value.</summary>
    public static string Encode(string? value) => Encoder.Encode(value ?? string.Empty);

    /// <summary>Formats a fraction as a percentage, or a dash.</summary>
    public static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>Formats a confidence.</summary>
    public static string Confidence(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override string ToString() => _builder.ToString();
}
