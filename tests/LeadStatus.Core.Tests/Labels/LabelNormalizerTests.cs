using LeadStatus.Labels;

namespace LeadStatus.Tests.Labels;

public sealed class LabelNormalizerTests
{
    [TestCase("מעוניין", "מעוניינ", TestName = "Final nun is folded")]
    [TestCase("ך ם ן ף ץ", "כ מ נ פ צ", TestName = "Every final letter is folded")]
    [TestCase("לקוח חם", "לקוח חמ", TestName = "Final mem is folded")]
    [TestCase("מְעוּנְיָין", "מעוניינ", TestName = "Niqqud is removed")]
    [TestCase("בָּרָא", "ברא", TestName = "Dagesh and qamats are removed")]
    [TestCase("כׇּל", "כל", TestName = "Qamats qatan U+05C7 is removed")]
    [TestCase("בְּרֵאשִׁ֖ית", "בראשית", TestName = "Cantillation and shin dot are removed")]
    [TestCase("לא\u05BEמעוניין", "לא מעוניינ", TestName = "Maqaf becomes a space")]
    [TestCase("בית\u05BE\u05BEספר", "בית ספר", TestName = "A run of maqafs becomes one space")]
    [TestCase("\uFB2E", "א", TestName = "Hebrew presentation form alef with patah folds under NFKC")]
    [TestCase("\uFB4B\uFB31", "וב", TestName = "Hebrew presentation forms with dots fold under NFKC")]
    [TestCase("\uFB4F", "אל", TestName = "Hebrew alef lamed ligature folds under NFKC")]
    [TestCase("\uFB21\uFB22", "אד", TestName = "Wide Hebrew letters fold under NFKC")]
    [TestCase("ＩＮＴＥＲＥＳＴＥＤ", "interested", TestName = "Full-width letters fold under NFKC")]
    [TestCase("Ｖｅｒｙ　ｉｎｔｅｒｅｓｔｅｄ", "very interested", TestName = "Full-width letters and ideographic space fold")]
    [TestCase("ﬁnal", "final", TestName = "Latin ligatures fold under NFKC")]
    [TestCase("Interested", "interested", TestName = "English is lower-cased")]
    [TestCase("NOT INTERESTED", "not interested", TestName = "Upper-case English is lower-cased")]
    [TestCase("Cafe\u0301", "café", TestName = "Combining acute composes under NFKC and stays")]
    [TestCase("צ׳ק", "צ'ק", TestName = "Geresh becomes an apostrophe")]
    [TestCase("מנכ״ל", "מנכ\"ל", TestName = "Gershayim becomes a double quote")]
    [TestCase("don’t call", "don't call", TestName = "Typographic apostrophe becomes ASCII")]
    [TestCase("a“b”c", "a\"b\"c", TestName = "Typographic double quotes become ASCII")]
    [TestCase("\"מעוניין\"", "מעוניינ", TestName = "Quotes at the ends are trimmed")]
    [TestCase("“Interested”", "interested", TestName = "Typographic quotes at the ends are trimmed")]
    [TestCase("«מעוניין»", "מעוניינ", TestName = "Guillemets at the ends are trimmed")]
    [TestCase("׳מעוניין׳", "מעוניינ", TestName = "Geresh at the ends is trimmed")]
    [TestCase("מעוניין.", "מעוניינ", TestName = "Trailing period is trimmed")]
    [TestCase("...מעוניין!!!", "מעוניינ", TestName = "Punctuation at both ends is trimmed")]
    [TestCase("\"מעוניין\" .", "מעוניינ", TestName = "Spaces uncovered by trimming are trimmed")]
    [TestCase("  לא   מעוניין  ", "לא מעוניינ", TestName = "White space runs collapse and ends are trimmed")]
    [TestCase("לא\tמעוניין\r\nבכלל", "לא מעוניינ בכלל", TestName = "Tabs and line breaks collapse")]
    [TestCase("לא\u00A0מעוניין", "לא מעוניינ", TestName = "NBSP becomes a space")]
    [TestCase("לא רלוונטי - לא מעוניין", "לא רלוונטי לא מעוניינ", TestName = "Spaced hyphen collapses to one space")]
    [TestCase("לא רלוונטי – לא מעוניין", "לא רלוונטי לא מעוניינ", TestName = "En dash collapses to one space")]
    [TestCase("לא רלוונטי—לא מעוניין", "לא רלוונטי לא מעוניינ", TestName = "Em dash collapses to one space")]
    [TestCase("follow\u2010up", "follow up", TestName = "Unicode hyphen becomes a space")]
    [TestCase("follow\u2011up", "follow up", TestName = "Non-breaking hyphen becomes a space")]
    [TestCase("not_interested", "not interested", TestName = "Underscore becomes a space")]
    [TestCase("\u200Fמעוניין\u200F", "מעוניינ", TestName = "RLM is dropped")]
    [TestCase("\u202Bמעו\u200Bניין\u202C", "מעוניינ", TestName = "Embeddings and zero-width space are dropped")]
    [TestCase("\uFEFFInterested\u2066", "interested", TestName = "BOM and isolates are dropped")]
    [TestCase("בטיפול (חוזר)", "בטיפול (חוזר)", TestName = "Parentheses stay")]
    [TestCase("", "", TestName = "Empty stays empty")]
    [TestCase(" \"\u200F. ", "", TestName = "Only marks and punctuation becomes empty")]
    public void Normalizes(string value, string expected) => Assert.That(LabelNormalizer.Normalize(value), Is.EqualTo(expected));

    [TestCase("מעוניין", "מְעוּנְיָין")]
    [TestCase("מעוניין", "\u200F\"מעוניין\".\u200F")]
    [TestCase("לא מעוניין", "לא־מעוניין")]
    [TestCase("לא מעוניין", "לא  -  מעוניין")]
    [TestCase("Interested", "ＩＮＴＥＲＥＳＴＥＤ")]
    [TestCase("צ׳ק", "צ'ק")]
    [TestCase("צ׳ק", "צ’ק")]
    [TestCase("ש״ח", "ש\"ח")]
    public void Variants_of_one_label_normalize_alike(string first, string second) =>
        Assert.That(LabelNormalizer.Normalize(second), Is.EqualTo(LabelNormalizer.Normalize(first)));

    [TestCase("מעוניין", "מעוניינת")]
    [TestCase("interest", "interested")]
    [TestCase("לא מעוניין", "מעוניין")]
    public void Different_labels_stay_different(string first, string second) =>
        Assert.That(LabelNormalizer.Normalize(second), Is.Not.EqualTo(LabelNormalizer.Normalize(first)));

    [TestCase("מעוניינ")]
    [TestCase("לא רלוונטי")]
    [TestCase("interested")]
    [TestCase("צ'ק")]
    public void Normalization_is_idempotent_and_returns_a_normalized_input_as_is(string value)
    {
        // Act
        var normalized = LabelNormalizer.Normalize(value);

        // Assert
        Assert.That(normalized, Is.SameAs(value));
        Assert.That(LabelNormalizer.Normalize(normalized), Is.SameAs(normalized));
    }

    [Test]
    public void A_normalized_input_allocates_nothing()
    {
        // Arrange
        const string value = "לא רלוונטי";
        _ = LabelNormalizer.Normalize(value);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = LabelNormalizer.Normalize(value);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void A_long_input_is_normalized_through_a_pooled_buffer()
    {
        // Arrange
        var value = string.Concat(Enumerable.Repeat("לא  מעוניין ", 100));

        // Act
        var normalized = LabelNormalizer.Normalize(value);

        // Assert
        Assert.That(normalized, Is.EqualTo(string.Join(' ', Enumerable.Repeat("לא מעוניינ", 100))));
    }

    [Test]
    public void Null_is_rejected() =>
        Assert.That(() => LabelNormalizer.Normalize(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("value"));
}
