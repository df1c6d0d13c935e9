using LeadStatus.Parsing;

namespace LeadStatus.Tests.Parsing;

public sealed class RecommendationParserTests
{
    private static readonly RecommendationParser Parser = new(new LeadStatusOptions().TagKeywords);

    private static IEnumerable<TestCaseData> Found()
    {
        // Plain forms.
        yield return new TestCaseData("סיכום השיחה. [המלצה: מעוניין]", "מעוניין").SetName("Hebrew tag at the end");
        yield return new TestCaseData("[המלצה: מעוניין] ואז הלקוח ניתק", "מעוניין").SetName("Hebrew tag at the start");
        yield return new TestCaseData("Summary. [Recommendation: Interested]", "Interested").SetName("English tag");
        yield return new TestCaseData("[recommendation: interested]", "interested").SetName("Lower-case English keyword");
        yield return new TestCaseData("[RECOMMENDATION: INTERESTED]", "INTERESTED").SetName("Upper-case English keyword keeps the label's case");
        yield return new TestCaseData("[ReCoMmEnDaTiOn: x]", "x").SetName("Mixed-case English keyword");
        yield return new TestCaseData("[המלצה: לא מעוניין]", "לא מעוניין").SetName("Two-word label");
        yield return new TestCaseData("[המלצה: לא רלוונטי - לא מעוניין]", "לא רלוונטי - לא מעוניין").SetName("Label with inner dash");
        yield return new TestCaseData("[המלצה: סטטוס: מעוניין]", "סטטוס: מעוניין").SetName("Colon inside the label");

        // Spaces.
        yield return new TestCaseData("[המלצה:מעוניין]", "מעוניין").SetName("No space after the colon");
        yield return new TestCaseData("[המלצה :מעוניין]", "מעוניין").SetName("Space before the colon");
        yield return new TestCaseData("[ המלצה : מעוניין ]", "מעוניין").SetName("Spaces everywhere");
        yield return new TestCaseData("[   המלצה   :   מעוניין   ]", "מעוניין").SetName("Runs of spaces");
        yield return new TestCaseData("[\tהמלצה:\tמעוניין\t]", "מעוניין").SetName("Tabs");
        yield return new TestCaseData("[המלצה:\u00A0מעוניין\u00A0]", "מעוניין").SetName("NBSP around the label");
        yield return new TestCaseData("[\u00A0Recommendation\u00A0:\u00A0Interested]", "Interested").SetName("NBSP around the keyword");
        yield return new TestCaseData("[המלצה: לא\u00A0מעוניין]", "לא\u00A0מעוניין").SetName("NBSP inside the label is kept for the normalizer");

        // Colons and brackets.
        yield return new TestCaseData("[המלצה： מעוניין]", "מעוניין").SetName("Full-width colon");
        yield return new TestCaseData("[Recommendation：Interested]", "Interested").SetName("Full-width colon without spaces");
        yield return new TestCaseData("[המלצה\u05C3 מעוניין]", "מעוניין").SetName("Hebrew sof pasuq as colon");
        yield return new TestCaseData("［המלצה: מעוניין］", "מעוניין").SetName("Full-width brackets");
        yield return new TestCaseData("［Recommendation：Interested］", "Interested").SetName("Full-width brackets and colon");

        // Bidi and zero-width marks.
        yield return new TestCaseData("\u200F[המלצה: מעוניין]\u200F", "מעוניין").SetName("RLM around the tag");
        yield return new TestCaseData("[\u202Bהמלצה\u202C: מעוניין]", "מעוניין").SetName("RLE and PDF around the keyword");
        yield return new TestCaseData("[\u200Fהמלצה\u200F:\u200F מעוניין\u200F]", "מעוניין").SetName("RLM everywhere");
        yield return new TestCaseData("[המלצה: \u2067מעוניין\u2069]", "מעוניין").SetName("Bidi isolate around the label");
        yield return new TestCaseData("[המלצה: מעו\u200Bניין]", "מעוניין").SetName("Zero-width space inside the label is removed");
        yield return new TestCaseData("[המלצה: לא\u200E מעוניין]", "לא מעוניין").SetName("LRM inside the label is removed");
        yield return new TestCaseData("[\uFEFFRecommendation: Interested\uFEFF]", "Interested").SetName("BOM inside the tag");
        yield return new TestCaseData("[המ\u200Dלצה: מעוניין]", "מעוניין").SetName("Zero-width joiner inside the keyword");
        yield return new TestCaseData("[\u202Aהמלצה\u202C: \u202Bמעוניין\u202C]", "מעוניין").SetName("Embeddings around keyword and label");

        // Quotes.
        yield return new TestCaseData("[המלצה: \"מעוניין\"]", "מעוניין").SetName("ASCII double quotes");
        yield return new TestCaseData("[המלצה: 'מעוניין']", "מעוניין").SetName("ASCII single quotes");
        yield return new TestCaseData("[המלצה: “מעוניין”]", "מעוניין").SetName("Typographic double quotes");
        yield return new TestCaseData("[המלצה: ‘מעוניין’]", "מעוניין").SetName("Typographic single quotes");
        yield return new TestCaseData("[המלצה: „מעוניין“]", "מעוניין").SetName("Low-9 quotes");
        yield return new TestCaseData("[המלצה: «מעוניין»]", "מעוניין").SetName("Guillemets");
        yield return new TestCaseData("[המלצה: ״מעוניין״]", "מעוניין").SetName("Gershayim as quotes");
        yield return new TestCaseData("[המלצה: ׳מעוניין׳]", "מעוניין").SetName("Geresh as quotes");
        yield return new TestCaseData("[המלצה: \"'מעוניין'\"]", "מעוניין").SetName("Nested quotes");
        yield return new TestCaseData("[Recommendation: \"Interested\"]", "Interested").SetName("English label in quotes");
        yield return new TestCaseData("[המלצה: צ׳ק נשלח]", "צ׳ק נשלח").SetName("Geresh inside the label is kept");
        yield return new TestCaseData("[המלצה: שיחה עם מנכ״ל]", "שיחה עם מנכ״ל").SetName("Gershayim inside the label is kept");
        yield return new TestCaseData("[Recommendation: Don't call]", "Don't call").SetName("Apostrophe inside an English label is kept");

        // Niqqud.
        yield return new TestCaseData("[המלצה: מְעוּנְיָין]", "מְעוּנְיָין").SetName("Niqqud on the label is kept for the normalizer");
        yield return new TestCaseData("[הַמְלָצָה: מעוניין]", "מעוניין").SetName("Niqqud on the keyword");

        // Punctuation and markdown.
        yield return new TestCaseData("[המלצה: מעוניין.]", "מעוניין").SetName("Trailing period");
        yield return new TestCaseData("[המלצה: מעוניין!]", "מעוניין").SetName("Trailing exclamation mark");
        yield return new TestCaseData("[המלצה: מעוניין;]", "מעוניין").SetName("Trailing semicolon");
        yield return new TestCaseData("[המלצה: מעוניין,]", "מעוניין").SetName("Trailing comma");
        yield return new TestCaseData("[המלצה: מעוניין...]", "מעוניין").SetName("Trailing ellipsis in dots");
        yield return new TestCaseData("[המלצה: מעוניין…]", "מעוניין").SetName("Trailing ellipsis character");
        yield return new TestCaseData("[המלצה: \"מעוניין\".]", "מעוניין").SetName("Quotes then period");
        yield return new TestCaseData("[המלצה: בטיפול (חוזר)]", "בטיפול (חוזר)").SetName("Parentheses are part of the label");
        yield return new TestCaseData("**[המלצה: מעוניין]**", "מעוניין").SetName("Bold around the tag");
        yield return new TestCaseData("[**המלצה**: מעוניין]", "מעוניין").SetName("Bold keyword");
        yield return new TestCaseData("[**המלצה:** מעוניין]", "מעוניין").SetName("Bold keyword and colon");
        yield return new TestCaseData("[המלצה: **מעוניין**]", "מעוניין").SetName("Bold label");
        yield return new TestCaseData("[__Recommendation__: __Interested__]", "Interested").SetName("Underscore emphasis");
        yield return new TestCaseData("[Recommendation: *Interested*]", "Interested").SetName("Italic label");

        // Several tags and noise.
        yield return new TestCaseData("[המלצה: מעוניין] ... [המלצה: לא מעוניין]", "לא מעוניין").SetName("Last tag wins");
        yield return new TestCaseData("[Recommendation: Interested]\n[המלצה: לא מעוניין]", "לא מעוניין").SetName("Last tag wins across keywords");
        yield return new TestCaseData("[המלצה: מעוניין] ... [המלצה: ]", "מעוניין").SetName("An empty last tag does not hide an earlier one");
        yield return new TestCaseData("[המלצה: מעוניין] ... [המלצה: לא", "מעוניין").SetName("An unclosed last tag does not hide an earlier one");
        yield return new TestCaseData("[המלצה: מעוניין] [הערה: להתקשר מחר]", "מעוניין").SetName("A later tag of another keyword is ignored");
        yield return new TestCaseData("[קישור] [1] [המלצה: מעוניין] [x]", "מעוניין").SetName("Other bracketed text is ignored");
        yield return new TestCaseData("[המלצה: a [המלצה: b]", "b").SetName("An unclosed tag before a closed one");
        yield return new TestCaseData("[[המלצה: מעוניין]]", "מעוניין").SetName("Doubled brackets");
        yield return new TestCaseData("line one\r\n[המלצה: מעוניין]\r\n", "מעוניין").SetName("Windows line breaks");
    }

    private static IEnumerable<TestCaseData> NotFound()
    {
        yield return new TestCaseData("").SetName("Empty summary");
        yield return new TestCaseData("הלקוח מעוניין מאוד").SetName("No tag");
        yield return new TestCaseData("המלצה: מעוניין").SetName("No brackets");
        yield return new TestCaseData("[המלצה: מעוניין").SetName("No closing bracket");
        yield return new TestCaseData("[המלצה מעוניין]").SetName("No colon");
        yield return new TestCaseData("[המלצה: ]").SetName("Empty label");
        yield return new TestCaseData("[המלצה:]").SetName("Empty label without space");
        yield return new TestCaseData("[המלצה: \"\" ]").SetName("Only quotes");
        yield return new TestCaseData("[המלצה: \u200F\u200E]").SetName("Only bidi marks");
        yield return new TestCaseData("[המלצה: ...]").SetName("Only punctuation");
        yield return new TestCaseData("[המלצות: מעוניין]").SetName("A keyword extended to another word");
        yield return new TestCaseData("[Recommendations: Interested]").SetName("An English keyword extended to another word");
        yield return new TestCaseData("[Recommend: Interested]").SetName("A truncated keyword");
        yield return new TestCaseData("[Suggestion: Interested]").SetName("A keyword that is not configured");
        yield return new TestCaseData("[ההמלצה: מעוניין]").SetName("A keyword with a prefix letter");
        yield return new TestCaseData("[המלצה של המערכת: מעוניין]").SetName("Words between keyword and colon");
        yield return new TestCaseData("[המלצה: מעוניין\nעוד טקסט]").SetName("A label that crosses a line break");
        yield return new TestCaseData("(המלצה: מעוניין)").SetName("Parentheses instead of brackets");
        yield return new TestCaseData("]המלצה: מעוניין[").SetName("Reversed brackets");
    }

    [TestCaseSource(nameof(Found))]
    public void Finds_the_label_of_a_tag(string summary, string expected)
    {
        // Act
        var found = Parser.TryParse(summary, out var label);

        // Assert
        Assert.That(found, Is.True);
        Assert.That(label, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(NotFound))]
    public void Finds_no_label_where_there_is_no_valid_tag(string summary)
    {
        // Act
        var found = Parser.TryParse(summary, out var label);

        // Assert
        Assert.That(found, Is.False);
        Assert.That(label, Is.Null);
    }

    [TestCase(127)]
    [TestCase(128)]
    public void A_label_of_at_most_128_characters_is_a_label(int length)
    {
        // Arrange
        var expected = new string('א', length);

        // Act
        var found = Parser.TryParse($"[המלצה: {expected}]", out var label);

        // Assert
        Assert.That(found, Is.True);
        Assert.That(label, Is.EqualTo(expected));
    }

    [TestCase(129)]
    [TestCase(400)]
    public void A_label_over_128_characters_is_not_a_label(int length) =>
        Assert.That(Parser.TryParse($"[המלצה: {new string('א', length)}]", out _), Is.False);

    [Test]
    public void The_length_limit_counts_the_label_without_its_quotes_and_marks()
    {
        // Arrange
        var expected = new string('a', 128);
        var summary = $"[Recommendation: \u200F\"{expected[..64]}\u200B{expected[64..]}\".\u200F]";

        // Act
        var found = Parser.TryParse(summary, out var label);

        // Assert
        Assert.That(found, Is.True);
        Assert.That(label, Is.EqualTo(expected));
    }

    [Test]
    public void A_returned_label_never_contains_invisible_marks()
    {
        // Arrange
        var marks = "\u00AD\u061C\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2066\u2067\u2068\u2069\uFEFF";
        var summary = "[המלצה: " + string.Join("", "לא מעוניין".Select((c, i) => $"{marks[i % marks.Length]}{c}")) + "]";

        // Act
        var found = Parser.TryParse(summary, out var label);

        // Assert
        Assert.That(found, Is.True);
        Assert.That(label, Is.EqualTo("לא מעוניין"));
    }

    [TestCase("[המלצה: מע\0וניין]", "מעוניין")]
    [TestCase("[המלצה: \u0001מעוניין\u007F]", "מעוניין")]
    [TestCase("[Recommendation: not\u0085 interested\u0008]", "not\u0085 interested")]
    [TestCase("[המלצה:\u0000]", null)]
    public void A_returned_label_never_contains_control_characters_other_than_white_space(string summary, string? expected)
    {
        // Act
        var found = Parser.TryParse(summary, out var label);

        // Assert
        Assert.That(found, Is.EqualTo(expected is not null));
        Assert.That(label, Is.EqualTo(expected));
    }

    // Lone surrogates cannot be written in [TestCase] strings (attribute arguments are stored as UTF-8), so these are built in code.
    private static IEnumerable<TestCaseData> SurrogateCases()
    {
        yield return new TestCaseData("[המלצה: מע" + '\uD800' + "וניין" + '\uDFFF' + "]", "מעוניין").SetName("Lone surrogates inside and at the end are removed");
        yield return new TestCaseData("[Recommendation: hot \uD83D\uDD25]", "hot \uD83D\uDD25").SetName("A surrogate pair (emoji) is kept");
        yield return new TestCaseData("[המלצה: " + '\uDC00' + "]", null).SetName("A label of only a lone surrogate is no label");
    }

    [TestCaseSource(nameof(SurrogateCases))]
    public void A_returned_label_never_contains_a_lone_surrogate(string summary, string? expected)
    {
        // Act
        var found = Parser.TryParse(summary, out var label);

        // Assert
        Assert.That(found, Is.EqualTo(expected is not null));
        Assert.That(label, Is.EqualTo(expected));
    }

    [Test]
    public void A_tag_at_the_end_of_a_one_mebibyte_summary_is_found()
    {
        // Arrange
        var summary = new string('x', (1 << 20) - 20) + "[המלצה: מעוניין]";

        // Act
        var found = Parser.TryParse(summary, out var label);

        // Assert
        Assert.That(found, Is.True);
        Assert.That(label, Is.EqualTo("מעוניין"));
    }

    [Test]
    public void A_tag_at_the_start_of_a_one_mebibyte_summary_of_brackets_is_found()
    {
        // Arrange
        var summary = "[המלצה: מעוניין]" + new string('[', (1 << 20) - 20);

        // Act
        var found = Parser.TryParse(summary, out var label);

        // Assert
        Assert.That(found, Is.True);
        Assert.That(label, Is.EqualTo("מעוניין"));
    }

    [TestCase("[")]
    [TestCase("[המלצה: ")]
    [TestCase("[המלצה: x")]
    [TestCase("[ \u200F")]
    [TestCase("[המלצה")]
    public void One_mebibyte_of_repeated_tag_fragments_finishes_without_a_match(string fragment)
    {
        // Arrange: a quadratic parser would take minutes here; a linear one takes milliseconds.
        var summary = string.Concat(Enumerable.Repeat(fragment, (1 << 20) / fragment.Length));

        // Act
        var found = Parser.TryParse(summary, out var label);

        // Assert
        Assert.That(found, Is.False);
        Assert.That(label, Is.Null);
    }

    [Test]
    public void A_one_mebibyte_label_without_closing_bracket_is_not_a_label() =>
        Assert.That(Parser.TryParse("[המלצה: " + new string('א', 1 << 20) + "]", out _), Is.False);

    [Test]
    public void The_no_tag_path_allocates_nothing()
    {
        // Arrange
        var summary = string.Concat(Enumerable.Repeat("הלקוח שאל על המחיר [1] וביקש הצעה [קישור]. ", 200)) + "[המלצה: ללא סוגר";
        _ = Parser.TryParse(summary, out _); // warm up (JIT, static initialization)

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = Parser.TryParse(summary, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.That(found, Is.False);
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void The_found_path_allocates_only_the_label()
    {
        // Arrange
        var summary = "הלקוח שאל על המחיר וביקש הצעה. [המלצה: \u200Fמעוניין\u200F]";
        _ = Parser.TryParse(summary, out _);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = Parser.TryParse(summary, out var label);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert: a 7-character string is 22 + 2 * 7 bytes of payload, rounded up to 40 on 64-bit.
        Assert.That(found, Is.True);
        Assert.That(label, Is.EqualTo("מעוניין"));
        Assert.That(allocated, Is.LessThanOrEqualTo(40));
    }

    [Test]
    public void Configured_keywords_replace_the_defaults()
    {
        // Arrange
        var parser = new RecommendationParser(["Status", "סטטוס"]);

        // Act & Assert
        Assert.That(parser.TryParse("[status: won]", out var english), Is.True);
        Assert.That(english, Is.EqualTo("won"));
        Assert.That(parser.TryParse("[סטטוס: נסגר]", out var hebrew), Is.True);
        Assert.That(hebrew, Is.EqualTo("נסגר"));
        Assert.That(parser.TryParse("[המלצה: מעוניין]", out _), Is.False);
    }

    [Test]
    public void A_keyword_with_a_space_matches_any_run_of_white_space()
    {
        // Arrange
        var parser = new RecommendationParser(["AI status"]);

        // Act
        var found = parser.TryParse("[ai   status: won]", out var label);

        // Assert
        Assert.That(found, Is.True);
        Assert.That(label, Is.EqualTo("won"));
    }

    [Test]
    public void A_parser_needs_a_non_blank_keyword()
    {
        // Act & Assert
        Assert.That(() => new RecommendationParser([" ", ""]), Throws.ArgumentException.With.Property("ParamName").EqualTo("keywords"));
        Assert.That(() => new RecommendationParser(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("keywords"));
    }
}
