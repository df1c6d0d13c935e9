using LeadStatus.Labels;

namespace LeadStatus.Tests.Labels;

public sealed class StatusCatalogSnapshotTests
{
    private static readonly StatusCatalogSnapshot Catalog = StatusCatalogSnapshot.Create(
    [
        new("new", "חדש"),
        new("interested", "מעוניין", ["Interested"]),
        new("very_interested", "מעוניין מאוד"),
        new("not_interested", "לא מעוניין", ["Not interested"]),
        new("irrelevant", "לא רלוונטי"),
        new("no_answer", "אין מענה", ["No answer"]),
        new("check", "צ׳ק נשלח"),
        new("meeting", "נקבעה פגישה", ["Meeting scheduled"]),
        new("won", "נסגר - זכייה", ["Won", "Closed won"]),
        new("lost", "Closed lost"),
        new("follow_up", "Follow-up call"),
    ]);

    [TestCase("מעוניין", "interested", TestName = "Exact by Hebrew label")]
    [TestCase("Interested", "interested", TestName = "Exact by English alias")]
    [TestCase("INTERESTED", "interested", TestName = "Exact by alias is case-insensitive")]
    [TestCase("interested", "interested", TestName = "Exact by status id")]
    [TestCase("very_interested", "very_interested", TestName = "Exact by status id with underscore")]
    [TestCase("Very interested", "very_interested", TestName = "Status id with underscore matches its words")]
    [TestCase("מְעוּנְיָין", "interested", TestName = "Exact despite niqqud")]
    [TestCase("מעוניין.", "interested", TestName = "Exact despite trailing period")]
    [TestCase("\u200Fמעוניין\u200F", "interested", TestName = "Exact despite bidi marks")]
    [TestCase("ＩＮＴＥＲＥＳＴＥＤ", "interested", TestName = "Exact despite full-width letters")]
    [TestCase("לא מעוניין", "not_interested", TestName = "Exact negated label")]
    [TestCase("לא־מעוניין", "not_interested", TestName = "Exact negated label with maqaf")]
    [TestCase("Not interested", "not_interested", TestName = "Exact negated English alias")]
    [TestCase("not-interested", "not_interested", TestName = "Exact negated English alias with hyphen")]
    [TestCase("צ'ק נשלח", "check", TestName = "Exact with apostrophe for geresh")]
    [TestCase("צ’ק נשלח", "check", TestName = "Exact with typographic apostrophe for geresh")]
    [TestCase("נסגר – זכייה", "won", TestName = "Exact with en dash for hyphen")]
    [TestCase("follow up call", "follow_up", TestName = "Exact with space for hyphen")]
    public void Maps_exactly(string label, string statusId)
    {
        // Act
        var match = Catalog.Match(label);

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Exact));
        Assert.That(match.Status?.StatusId, Is.EqualTo(statusId));
        Assert.That(match.Detail, Is.EqualTo($"exact match of label '{label}' to status '{statusId}'"));
    }

    [TestCase("מעוניין מאוד מאוד", "very_interested", TestName = "Label holds a status: most shared words win")]
    [TestCase("הלקוח מעוניין", "interested", TestName = "Label holds a one-word status")]
    [TestCase("interested in premium", "interested", TestName = "English label holds an alias")]
    [TestCase("לא רלוונטי כרגע", "irrelevant", TestName = "Negated label holds a negated status")]
    [TestCase("פגישה", "meeting", TestName = "Status holds the label")]
    [TestCase("Scheduled", "meeting", TestName = "English alias holds the label")]
    [TestCase("Call", "follow_up", TestName = "English label inside a hyphenated status")]
    [TestCase("זכייה", "won", TestName = "Hebrew label with dash holds the word")]
    [TestCase("\"נקבעה פגישה\" למחר", "meeting", TestName = "Label holds a quoted status")]
    [TestCase("מעוניין, מאוד", "very_interested", TestName = "Commas separate words")]
    public void Maps_partially_by_whole_words(string label, string statusId)
    {
        // Act
        var match = Catalog.Match(label);

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Partial));
        Assert.That(match.Status?.StatusId, Is.EqualTo(statusId));
        Assert.That(match.Detail, Does.StartWith($"partial match of label '{label}' to status '{statusId}'"));
    }

    [TestCase("מעוניינת", TestName = "A different word form is not a whole word")]
    [TestCase("interest", TestName = "A word prefix is not a whole word")]
    [TestCase("interestedness", TestName = "A longer word is not a whole word")]
    [TestCase("בעניין", TestName = "Unrelated Hebrew word")]
    [TestCase("Callback", TestName = "Unrelated English word")]
    [TestCase("...", TestName = "Nothing left after normalization")]
    public void Maps_nothing_without_a_whole_word_match(string label)
    {
        // Act
        var match = Catalog.Match(label);

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Unknown));
        Assert.That(match.Status, Is.Null);
        Assert.That(match.Detail, Is.EqualTo($"no status matches label '{label}'"));
    }

    private static readonly StatusCatalogSnapshot Positives = StatusCatalogSnapshot.Create(
    [
        new("interested", "מעוניין", ["Interested"]),
        new("relevant", "רלוונטי"),
        new("answered", "Answered"),
        new("hot", "ליד חם"),
    ]);

    [TestCase("לא מעוניין", "interested", TestName = "Hebrew negation never maps to the positive status")]
    [TestCase("ממש לא מעוניין", "interested", TestName = "Hebrew negation inside a longer label")]
    [TestCase("ולא מעוניין", "interested", TestName = "Hebrew negation with vav prefix")]
    [TestCase("שלא מעוניין", "interested", TestName = "Hebrew negation with shin prefix")]
    [TestCase("אינו מעוניין", "interested", TestName = "Hebrew einō")]
    [TestCase("אינה מעוניינת בכלל מעוניין", "interested", TestName = "Hebrew einah")]
    [TestCase("אינם מעוניין", "interested", TestName = "Hebrew einam with final mem")]
    [TestCase("אינן מעוניין", "interested", TestName = "Hebrew einan with final nun")]
    [TestCase("מעוניין? אין מצב", "interested", TestName = "Hebrew ein")]
    [TestCase("מעוניין בלי התחייבות", "interested", TestName = "Hebrew bli")]
    [TestCase("ללא מעוניין", "interested", TestName = "Hebrew lelo")]
    [TestCase("לא רלוונטי", "relevant", TestName = "Hebrew negation of relevant")]
    [TestCase("not interested", "interested", TestName = "English not")]
    [TestCase("Not Interested", "interested", TestName = "English not in title case")]
    [TestCase("no longer interested", "interested", TestName = "English no")]
    [TestCase("never interested", "interested", TestName = "English never")]
    [TestCase("don't interested", "interested", TestName = "English don't")]
    [TestCase("don’t interested", "interested", TestName = "English don't with typographic apostrophe")]
    [TestCase("dont interested", "interested", TestName = "English dont")]
    [TestCase("isn't interested", "interested", TestName = "English isn't")]
    [TestCase("non-interested", "interested", TestName = "English non with hyphen")]
    [TestCase("interested without budget", "interested", TestName = "English without")]
    [TestCase("not answered", "answered", TestName = "English not answered")]
    [TestCase("לא ליד חם", "hot", TestName = "Negated multi-word status")]
    public void Negated_label_never_maps_to_positive_status(string label, string positiveId)
    {
        // Act
        var match = Positives.Match(label);

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Unknown));
        Assert.That(match.Status, Is.Null);
        Assert.That(match.Detail, Is.EqualTo($"label '{label}' carries a negation that status '{positiveId}' lacks"));
    }

    [TestCase("מעוניין", "not_interested", TestName = "Hebrew positive label never maps to the negated status")]
    [TestCase("interested", "not_interested", TestName = "English positive label never maps to the negated status")]
    public void Positive_label_never_maps_to_negated_status(string label, string negatedId)
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create([new("not_interested", "לא מעוניין", ["Not interested"])]);

        // Act
        var match = catalog.Match(label);

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Unknown));
        Assert.That(match.Detail, Is.EqualTo($"status '{negatedId}' carries a negation that label '{label}' lacks"));
    }

    [TestCase("לא מעוניין", TestName = "Hebrew negated label")]
    [TestCase("רלוונטי, לא מעוניין", TestName = "Hebrew negated label that is a run of the status")]
    [TestCase("not interested", TestName = "English negated label")]
    public void Negated_label_maps_to_a_status_that_carries_the_negation(string label)
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create(
        [
            new("interested", "מעוניין", ["Interested"]),
            new("irrelevant", "לא רלוונטי - לא מעוניין", ["Irrelevant, not interested"]),
        ]);

        // Act
        var match = catalog.Match(label);

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Partial));
        Assert.That(match.Status?.StatusId, Is.EqualTo("irrelevant"));
    }

    [Test]
    public void Negated_label_prefers_its_exact_status_over_partial_ones()
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create(
        [
            new("interested", "מעוניין"),
            new("not_interested", "לא מעוניין"),
            new("irrelevant", "לא רלוונטי - לא מעוניין"),
        ]);

        // Act
        var match = catalog.Match("לא מעוניין");

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Exact));
        Assert.That(match.Status?.StatusId, Is.EqualTo("not_interested"));
    }

    [TestCase("לא מעוניין", TestName = "A Hebrew label does not map to a status made of a negation")]
    [TestCase("no budget", TestName = "An English label does not map to a status made of a negation")]
    [TestCase("ולא", TestName = "A label made of a negation maps to nothing")]
    public void Shared_negations_alone_are_no_match(string label)
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create([new("no", "לא", ["No"]), new("not_relevant", "לא רלוונטי")]);

        // Act
        var match = catalog.Match(label);

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Unknown));
        Assert.That(match.Detail, Is.EqualTo($"no status matches label '{label}'"));
    }

    [Test]
    public void Equally_specific_candidates_are_ambiguous()
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create(
        [
            new("very", "Very interested"),
            new("somewhat", "Somewhat interested"),
            new("lost", "Lost"),
        ]);

        // Act
        var match = catalog.Match("interested");

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Ambiguous));
        Assert.That(match.Status, Is.Null);
        Assert.That(match.Detail, Is.EqualTo("label 'interested' is ambiguous between 'somewhat', 'very'"));
    }

    [Test]
    public void Two_statuses_in_one_label_are_ambiguous()
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create([new("hot", "חם"), new("cold", "קר")]);

        // Act
        var match = catalog.Match("חם או קר");

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Ambiguous));
        Assert.That(match.Detail, Is.EqualTo("label 'חם או קר' is ambiguous between 'cold', 'hot'"));
    }

    [Test]
    public void The_closest_holding_candidate_wins()
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create([new("very", "Very interested"), new("premium", "Interested in the premium plan")]);

        // Act
        var match = catalog.Match("interested");

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Partial));
        Assert.That(match.Status?.StatusId, Is.EqualTo("very"));
    }

    [Test]
    public void A_label_and_an_alias_of_one_status_do_not_tie()
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create([new("hot", "Hot lead", ["Lead hot"])]);

        // Act
        var match = catalog.Match("lead");

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Partial));
        Assert.That(match.Status?.StatusId, Is.EqualTo("hot"));
    }

    [Test]
    public void A_key_shared_by_two_statuses_is_ambiguous()
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create([new("a", "מעוניין"), new("b", "Keen", ["מעוניין"])]);

        // Act
        var match = catalog.Match("מְעוּנְיָין");

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Ambiguous));
        Assert.That(match.Detail, Is.EqualTo("label 'מְעוּנְיָין' is ambiguous between 'a', 'b'"));
    }

    [Test]
    public void A_status_id_equal_to_another_status_label_is_ambiguous()
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create([new("won", "נסגר"), new("closed", "Won")]);

        // Act & Assert
        Assert.That(catalog.Match("won").Kind, Is.EqualTo(LabelMatchKind.Ambiguous));
    }

    [Test]
    public void An_ambiguity_detail_names_at_most_five_ids()
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create([.. Enumerable.Range(1, 8).Select(i => new LeadStatusDefinition($"s{i}", $"Variant{i} lead"))]);

        // Act
        var match = catalog.Match("lead");

        // Assert
        Assert.That(match.Detail, Is.EqualTo("label 'lead' is ambiguous between 's1', 's2', 's3', 's4', 's5' and 3 more"));
    }

    [Test]
    public void An_ambiguity_detail_names_the_first_ids_in_ordinal_order_whatever_the_catalog_order()
    {
        // Arrange
        var ids = new[] { "s7", "s2", "s9", "s1", "s8", "s3", "s6", "s4", "s5" };
        var catalog = StatusCatalogSnapshot.Create([.. ids.Select(id => new LeadStatusDefinition(id, $"Variant{id} lead", [$"Lead variant{id}"]))]);

        // Act
        var match = catalog.Match("lead");

        // Assert
        Assert.That(match.Detail, Is.EqualTo("label 'lead' is ambiguous between 's1', 's2', 's3', 's4', 's5' and 4 more"));
    }

    [Test]
    public void A_catalog_of_a_thousand_statuses_maps_exactly_and_partially()
    {
        // Arrange
        var statuses = Enumerable.Range(0, 1000)
            .Select(i => new LeadStatusDefinition($"s{i}", $"סטטוס {i} לקוח", [$"Status {i} customer"]))
            .Append(new LeadStatusDefinition("interested", "מעוניין"))
            .Append(new LeadStatusDefinition("not_interested", "לא מעוניין"))
            .ToArray();
        var catalog = StatusCatalogSnapshot.Create(statuses);

        // Act & Assert
        Assert.That(catalog.Match("סטטוס 999 לקוח").Status?.StatusId, Is.EqualTo("s999"));
        Assert.That(catalog.Match("status 500 customer").Status?.StatusId, Is.EqualTo("s500"));
        Assert.That(catalog.Match("s42").Status?.StatusId, Is.EqualTo("s42"));
        Assert.That(catalog.Match("הלקוח מעוניין מאוד").Status?.StatusId, Is.EqualTo("interested"));
        Assert.That(catalog.Match("ממש לא מעוניין").Status?.StatusId, Is.EqualTo("not_interested"));
        Assert.That(catalog.Match("לקוח").Kind, Is.EqualTo(LabelMatchKind.Ambiguous));
        Assert.That(catalog.Match("משהו אחר").Kind, Is.EqualTo(LabelMatchKind.Unknown));
        Assert.That(catalog.FindLabel("s777"), Is.EqualTo("סטטוס 777 לקוח"));
    }

    [Test]
    public void A_tie_among_ten_thousand_statuses_is_ambiguous_and_names_each_status_once()
    {
        // Issue 15, finding 4: every tied candidate cost a List.Contains over the tied ones (quadratic), and each candidate
        // found by both word indexes was considered twice. The result must stay exactly what it was.
        var statuses = Enumerable.Range(1, 10_000)
            .Select(i => new LeadStatusDefinition($"s{i:00000}", $"סטטוס {i}", [$"סטטוס {i}", $"{i} סטטוס"]))
            .Append(new LeadStatusDefinition("other", "אחר"))
            .ToArray();
        var catalog = StatusCatalogSnapshot.Create(statuses);

        // Act
        var tie = catalog.Match("סטטוס");
        var repeated = catalog.Match("סטטוס סטטוס");
        var one = catalog.Match("סטטוס 77 דחוף");

        // Assert
        Assert.That(tie.Kind, Is.EqualTo(LabelMatchKind.Ambiguous));
        Assert.That(tie.Detail, Is.EqualTo("label 'סטטוס' is ambiguous between 's00001', 's00002', 's00003', 's00004', 's00005' and 9995 more"));
        Assert.That(repeated.Kind, Is.EqualTo(LabelMatchKind.Unknown), "no candidate holds the word twice");
        Assert.That(one.Status?.StatusId, Is.EqualTo("s00077"));
        Assert.That(one.Kind, Is.EqualTo(LabelMatchKind.Partial));
    }

    [Test]
    public void A_status_tied_with_itself_through_its_label_and_an_alias_is_not_ambiguous()
    {
        // Arrange: "lead" is held by the label and by the alias of one status, equally specific.
        var catalog = StatusCatalogSnapshot.Create([new("hot", "Hot lead", ["Lead hot"]), new("cold", "Cold prospect")]);

        // Act
        var match = catalog.Match("lead");

        // Assert
        Assert.That(match.Kind, Is.EqualTo(LabelMatchKind.Partial));
        Assert.That(match.Status?.StatusId, Is.EqualTo("hot"));
    }

    [Test]
    public void FindLabel_returns_the_label_of_an_id_or_null()
    {
        // Act & Assert
        Assert.That(Catalog.FindLabel("not_interested"), Is.EqualTo("לא מעוניין"));
        Assert.That(Catalog.FindLabel("Not_Interested"), Is.Null);
        Assert.That(Catalog.FindLabel("missing"), Is.Null);
    }

    [Test]
    public void A_repeated_id_keeps_its_first_definition()
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create([new("a", "First"), new("a", "Second")]);

        // Act & Assert
        Assert.That(catalog.FindLabel("a"), Is.EqualTo("First"));
        Assert.That(catalog.Match("second").Kind, Is.EqualTo(LabelMatchKind.Unknown));
    }

    [Test]
    public void Blank_aliases_are_ignored()
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create([new("a", "First", ["", " ", null!, "...", "Primary"])]);

        // Act & Assert
        Assert.That(catalog.Match("primary").Status?.StatusId, Is.EqualTo("a"));
        Assert.That(catalog.Match("first").Status?.StatusId, Is.EqualTo("a"));
    }

    [Test]
    public void An_empty_catalog_knows_no_label()
    {
        // Arrange
        var catalog = StatusCatalogSnapshot.Create([]);

        // Act & Assert
        Assert.That(catalog.Match("מעוניין").Kind, Is.EqualTo(LabelMatchKind.Unknown));
        Assert.That(catalog.Statuses, Is.Empty);
    }

    private static IEnumerable<TestCaseData> BadRows()
    {
        yield return new TestCaseData(null!, "the row is null").SetName("A null row is left out");
        yield return new TestCaseData(new LeadStatusDefinition("", "Label"), "the status id is blank").SetName("An empty id is left out");
        yield return new TestCaseData(new LeadStatusDefinition(" ", "Label"), "the status id is blank").SetName("A blank id is left out");
        yield return new TestCaseData(new LeadStatusDefinition("bad", ""), "the label is blank").SetName("An empty label is left out");
        yield return new TestCaseData(new LeadStatusDefinition("bad", "\t"), "the label is blank").SetName("A blank label is left out");
        yield return new TestCaseData(new LeadStatusDefinition("bad", "Hot\0lead"), "the label holds a control character").SetName("A NUL in a label is left out");
        yield return new TestCaseData(new LeadStatusDefinition("bad\0", "Hot lead"), "the status id holds a control character").SetName("A NUL in an id is left out");
        yield return new TestCaseData(new LeadStatusDefinition("bad", "Hot\u0085lead"), "the label holds a control character").SetName("A C1 control in a label is left out");
        yield return new TestCaseData(new LeadStatusDefinition("bad", "Hot \uD800lead"), "lone surrogate").SetName("A lone surrogate in a label is left out");
        yield return new TestCaseData(new LeadStatusDefinition("bad\uDC00", "Hot lead"), "lone surrogate").SetName("A lone surrogate in an id is left out");
        yield return new TestCaseData(new LeadStatusDefinition(new string('x', 129), "Hot lead"), "longer than 128").SetName("An id over 128 characters is left out");
        yield return new TestCaseData(new LeadStatusDefinition("won", "Hot lead"), "repeats an earlier row").SetName("A repeated id is left out");
    }

    [TestCaseSource(nameof(BadRows))]
    public void A_bad_row_is_left_out_and_named_and_the_others_still_map(LeadStatusDefinition? bad, string problem)
    {
        // Arrange
        LeadStatusDefinition[] statuses = [new("won", "נסגר"), bad!, new("lost", "אבוד")];

        // Act
        var catalog = StatusCatalogSnapshot.Create(statuses);

        // Assert
        Assert.That(catalog.Problems, Has.Count.EqualTo(1));
        Assert.That(catalog.Problems[0], Does.StartWith("row 1 (id ").And.Contain(problem));
        Assert.That(catalog.Statuses.Select(s => s.StatusId), Is.EqualTo(new[] { "won", "lost" }));
        Assert.That(catalog.Match("נסגר").Status?.StatusId, Is.EqualTo("won"));
        Assert.That(catalog.Match("אבוד").Status?.StatusId, Is.EqualTo("lost"));
        Assert.That(catalog.Match("Hot lead").Kind, Is.EqualTo(LabelMatchKind.Unknown));
    }

    [Test]
    public void An_id_of_128_characters_is_kept()
    {
        // Act
        var catalog = StatusCatalogSnapshot.Create([new(new string('x', 128), "Hot lead")]);

        // Assert
        Assert.That(catalog.Problems, Is.Empty);
        Assert.That(catalog.Match("Hot lead").Status?.StatusId, Has.Length.EqualTo(128));
    }

    [Test]
    public void An_alias_with_a_control_character_is_left_out_and_the_status_kept()
    {
        // Act
        var catalog = StatusCatalogSnapshot.Create([new("hot", "חם", ["Hot\u0001", "Warm"])]);

        // Assert
        Assert.That(catalog.Problems, Is.EqualTo(new[] { "row 0 (id 'hot'): an alias holds a control character or a lone surrogate (the alias is left out)" }));
        Assert.That(catalog.Match("warm").Status?.StatusId, Is.EqualTo("hot"));
        Assert.That(catalog.Match("hot").Status?.StatusId, Is.EqualTo("hot"), "by id");
    }

    [Test]
    public void A_bad_id_is_shown_escaped_and_cut()
    {
        // Act
        var catalog = StatusCatalogSnapshot.Create([new("a\0b" + new string('x', 200), "Label")]);

        // Assert
        Assert.That(catalog.Problems[0], Does.StartWith("row 0 (id 'a\\u0000bxxx").And.Contain("'…): the status id is longer than 128 characters"));
    }

    [Test]
    public void A_null_catalog_is_rejected() =>
        Assert.That(() => StatusCatalogSnapshot.Create(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("statuses"));
}
