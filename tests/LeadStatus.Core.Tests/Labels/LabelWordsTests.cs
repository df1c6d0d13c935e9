using LeadStatus.Labels;

namespace LeadStatus.Tests.Labels;

public sealed class LabelWordsTests
{
    [TestCase("לא מעוניינ", new[] { "לא", "מעוניינ" }, TestName = "Spaces separate words")]
    [TestCase("לא רלוונטי, לא מעוניינ.", new[] { "לא", "רלוונטי", "לא", "מעוניינ" }, TestName = "Punctuation separates words")]
    [TestCase("צ'ק נשלח", new[] { "צ'ק", "נשלח" }, TestName = "An inner apostrophe stays in the word")]
    [TestCase("מנכ\"ל", new[] { "מנכ\"ל" }, TestName = "An inner double quote stays in the word")]
    [TestCase("'quoted' \"words\"", new[] { "quoted", "words" }, TestName = "Quotes at a word's ends are dropped")]
    [TestCase("don't call", new[] { "don't", "call" }, TestName = "English contraction stays one word")]
    [TestCase("a/b (c)", new[] { "a", "b", "c" }, TestName = "Slashes and parentheses separate words")]
    [TestCase("", new string[0], TestName = "No words in empty text")]
    [TestCase(" ' \" ", new string[0], TestName = "No words in lone quotes")]
    public void Splits_normalized_text_into_words(string text, string[] expected) =>
        Assert.That(LabelWords.SplitToArray(text), Is.EqualTo(expected));

    [TestCase("לא")]
    [TestCase("אין")]
    [TestCase("אינו")]
    [TestCase("אינה")]
    [TestCase("אינם")]
    [TestCase("אינן")]
    [TestCase("בלי")]
    [TestCase("ללא")]
    [TestCase("שלא")]
    [TestCase("שאין")]
    [TestCase("ולא")]
    [TestCase("ואין")]
    [TestCase("כשאין")]
    [TestCase("not")]
    [TestCase("No")]
    [TestCase("non")]
    [TestCase("never")]
    [TestCase("don't")]
    [TestCase("don’t")]
    [TestCase("dont")]
    [TestCase("isn't")]
    [TestCase("without")]
    public void Recognises_a_negation_word(string word) => Assert.That(LabelWords.IsNegation(LabelNormalizer.Normalize(word)), Is.True);

    [TestCase("מלא", TestName = "Full is not a negation")]
    [TestCase("כלא", TestName = "Prison is not a negation")]
    [TestCase("לאט", TestName = "Slowly is not a negation")]
    [TestCase("אינטרנט", TestName = "Internet is not a negation")]
    [TestCase("note", TestName = "Note is not a negation")]
    [TestCase("know", TestName = "Know is not a negation")]
    [TestCase("nothing", TestName = "Nothing is not in the list")]
    [TestCase("unanswered", TestName = "The un prefix is not a negation")]
    public void Does_not_take_a_look_alike_for_a_negation(string word) =>
        Assert.That(LabelWords.IsNegation(LabelNormalizer.Normalize(word)), Is.False);

    [Test]
    public void Negation_words_are_stored_normalized()
    {
        // Act & Assert
        foreach (var word in LabelWords.Negations)
        {
            Assert.That(LabelNormalizer.Normalize(word), Is.EqualTo(word));
        }
    }
}
