using System.Text.RegularExpressions;

namespace LeadStatus.Storage.Postgres;

/// <summary>
/// Validates and quotes SQL identifiers from configuration, so a table or column name is never concatenated raw.
/// </summary>
internal static partial class PgIdentifier
{
    /// <summary>Quotes a constant of ours (never a value from outside) as an SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Validates <paramref name="identifier"/> as a plain identifier and returns it double-quoted.</summary>
    /// <param name="identifier">The identifier, for example <c>business_id</c>.</param>
    /// <param name="optionName">The option it came from, named in the error.</param>
    /// <exception cref="ArgumentException">The identifier is not valid.</exception>
    public static string Quote(string identifier, string optionName)
    {
        if (identifier is null || !IdentifierRegex().IsMatch(identifier))
        {
            throw new ArgumentException(
                $"{optionName} must match {PostgresMappingOptions.IdentifierPattern}; '{identifier}' does not.", optionName);
        }

        return QuotePart(identifier);
    }

    /// <summary>Validates a table name (<c>table</c> or <c>schema.table</c>) and quotes each of its parts.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="optionName">The option it came from, named in the error.</param>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    public static string QuoteTable(string table, string optionName)
    {
        if (table is null || !TableRegex().IsMatch(table))
        {
            throw new ArgumentException(
                $"{optionName} must match {PostgresMappingOptions.TablePattern}; '{table}' does not.", optionName);
        }

        var dot = table.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? QuotePart(table) : QuotePart(table[..dot]) + "." + QuotePart(table[(dot + 1)..]);
    }

    /// <summary>Quotes one already validated identifier part, doubling any embedded double quote.</summary>
    private static string QuotePart(string part) => "\"" + part.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex(PostgresMappingOptions.IdentifierPattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierRegex();

    [GeneratedRegex(PostgresMappingOptions.TablePattern, RegexOptions.CultureInvariant)]
    private static partial Regex TableRegex();
}
