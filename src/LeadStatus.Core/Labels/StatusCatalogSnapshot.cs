using System.Collections.Frozen;
using System.Globalization;

namespace LeadStatus.Labels;

/// <summary>
/// A business's catalog compiled for mapping (ARCHITECTURE §3, Mapping): normalized labels, aliases and ids in a frozen dictionary,
/// so exact matching does not depend on the catalog's size, and partial candidates indexed by word.
/// </summary>
/// <remarks>
/// <para>
/// <b>Exact.</b> The normalized label (<see cref="LabelNormalizer"/>) equals the normalized label, an alias or the <c>StatusId</c>
/// of a status. When different statuses share one normalized key (say one's label is another's alias), that key is
/// <see cref="LabelMatchKind.Ambiguous"/>: the library never guesses between them.
/// </para>
/// <para>
/// <b>Partial</b>, only when no key matches exactly: whole-word containment in either direction between the label's words and the
/// words of a status's label or alias (<see cref="LabelWords"/>; ids take part in exact matching only). "מעוניין מאוד" finds
/// "מעוניין" and "interested" finds "Very interested"; "interest" does not find "interested" (whole words only). A candidate is refused
/// when exactly one side carries a negation word, so "לא מעוניין" never maps to "מעוניין" yet does map to "לא רלוונטי - לא מעוניין";
/// the shared words must include one that is not a negation, so "לא מעוניין" does not map to a status named "לא".
/// Among the accepted candidates the most specific wins: most shared words, then fewest words in the candidate (the closest);
/// equally specific candidates of different statuses are <see cref="LabelMatchKind.Ambiguous"/>.
/// </para>
/// <para>
/// Cost: one frozen-dictionary lookup for an exact match. Partial candidates are found through two word indexes, never by scanning
/// the catalog: a candidate inside the label starts with one of the label's words; a candidate holding the label holds every one of
/// its words, so the rarest word's list covers them all.
/// </para>
/// <para>
/// <b>Bad rows</b> (<see cref="CatalogRows"/>: null, blank id or label, a control character or lone surrogate, an id over 128
/// characters, an id repeated — the first definition is kept) are left out and listed in <see cref="Problems"/>, never thrown:
/// the catalog is the host's data. Null or blank aliases are ignored; an alias with a control character is left out and listed.
/// </para>
/// </remarks>
internal sealed class StatusCatalogSnapshot
{
    private const int StackWords = 128;
    private const int MaxIdsInDetail = 5;

    private readonly IReadOnlyList<LeadStatusDefinition> _statuses;
    private readonly FrozenDictionary<string, LeadStatusDefinition> _byId;
    private readonly FrozenDictionary<string, LeadStatusDefinition[]> _exact;
    private readonly FrozenDictionary<string, PartialCandidate[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstWord;
    private readonly FrozenDictionary<string, PartialCandidate[]>.AlternateLookup<ReadOnlySpan<char>> _byAnyWord;

    private StatusCatalogSnapshot(
        IReadOnlyList<LeadStatusDefinition> statuses,
        IReadOnlyList<string> problems,
        FrozenDictionary<string, LeadStatusDefinition> byId,
        FrozenDictionary<string, LeadStatusDefinition[]> exact,
        FrozenDictionary<string, PartialCandidate[]> byFirstWord,
        FrozenDictionary<string, PartialCandidate[]> byAnyWord)
    {
        _statuses = statuses;
        Problems = problems;
        _byId = byId;
        _exact = exact;
        _byFirstWord = byFirstWord.GetAlternateLookup<ReadOnlySpan<char>>();
        _byAnyWord = byAnyWord.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Gets the statuses the snapshot was compiled from: the catalog's rows without the ones left out.</summary>
    public IReadOnlyList<LeadStatusDefinition> Statuses => _statuses;

    /// <summary>Gets why rows or aliases were left out, one line each ("row 3 (id 'x'): the label is blank"); empty for a clean catalog.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Compiles a snapshot, leaving out the rows <see cref="CatalogRows"/> refuses (listed in <see cref="Problems"/>).</summary>
    /// <param name="statuses">The business's statuses, as its catalog returned them.</param>
    /// <returns>The compiled snapshot.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="statuses"/> is null.</exception>
    public static StatusCatalogSnapshot Create(IReadOnlyList<LeadStatusDefinition> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var byId = new Dictionary<string, LeadStatusDefinition>(StringComparer.Ordinal);
        var accepted = new List<LeadStatusDefinition>(statuses.Count);
        var problems = new List<string>();
        var exact = new Dictionary<string, List<LeadStatusDefinition>>(StringComparer.Ordinal);
        var candidates = new Dictionary<string, PartialCandidate>(StringComparer.Ordinal); // by "StatusId\0normalized text"
        for (var i = 0; i < statuses.Count; i++)
        {
            var status = statuses[i];
            var problem = CatalogRows.FindProblem(status);
            if (problem is null && !byId.TryAdd(status!.StatusId, status))
            {
                problem = "the status id repeats an earlier row's (the first one is kept)";
            }

            if (problem is not null)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"row {i} (id {CatalogRows.Show(status?.StatusId)}): {problem}"));
                continue;
            }

            accepted.Add(status!);
            AddExact(exact, LabelNormalizer.Normalize(status!.StatusId), status);
            AddText(exact, candidates, status, status.Label);
            foreach (var alias in status.Aliases ?? [])
            {
                if (CatalogRows.IsBadAlias(alias))
                {
                    problems.Add(string.Create(
                        CultureInfo.InvariantCulture, $"row {i} (id {CatalogRows.Show(status.StatusId)}): an alias holds a control character or a lone surrogate (the alias is left out)"));
                }
                else if (!string.IsNullOrWhiteSpace(alias))
                {
                    AddText(exact, candidates, status, alias);
                }
            }
        }

        var byFirstWord = candidates.Values.GroupBy(c => c.Words[0], StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var byAnyWord = candidates.Values.SelectMany(c => c.Words.Distinct(StringComparer.Ordinal), (c, w) => (Word: w, Candidate: c))
            .GroupBy(p => p.Word, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Candidate).ToArray(), StringComparer.Ordinal);
        return new StatusCatalogSnapshot(
            accepted,
            problems,
            byId.ToFrozenDictionary(StringComparer.Ordinal),
            exact.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal),
            byFirstWord,
            byAnyWord);
    }

    /// <summary>Maps a raw label (as parsed) to a status.</summary>
    /// <param name="label">The label as the parser returned it.</param>
    /// <returns>The match, with a short English <see cref="LabelMatch.Detail"/> for the event's reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> is null.</exception>
    public LabelMatch Match(string label) => Match(label, LabelNormalizer.Normalize(label));

    /// <summary>Maps a raw label whose normalized form the caller already has (the service computes it once per call).</summary>
    /// <param name="label">The raw label, as parsed, for the reason text.</param>
    /// <param name="normalized"><see cref="LabelNormalizer.Normalize"/> of <paramref name="label"/>.</param>
    /// <returns>How the label matched.</returns>
    public LabelMatch Match(string label, string normalized)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(normalized);
        if (normalized.Length == 0)
        {
            return Unknown(label);
        }

        if (_exact.TryGetValue(normalized, out var exact))
        {
            return exact.Length == 1
                ? new LabelMatch(LabelMatchKind.Exact, exact[0], $"exact match of label '{label}' to status '{exact[0].StatusId}'")
                : Ambiguous(label, exact);
        }

        var capacity = (normalized.Length + 1) / 2;
        var words = capacity <= StackWords ? stackalloc Range[StackWords] : new Range[capacity];
        var count = LabelWords.Split(normalized, words);
        return count == 0 ? Unknown(label) : MatchPartial(label, normalized, words[..count]);
    }

    /// <summary>Gets the display label of a status id, or null when the catalog does not have it.</summary>
    /// <param name="statusId">The status id, compared ordinally.</param>
    /// <returns>The status's label, or null.</returns>
    public string? FindLabel(string statusId)
    {
        ArgumentNullException.ThrowIfNull(statusId);
        return _byId.TryGetValue(statusId, out var status) ? status.Label : null;
    }

    private LabelMatch MatchPartial(string label, string text, ReadOnlySpan<Range> words)
    {
        var negated = false;
        var hasContent = false;
        foreach (var word in words)
        {
            var isNegation = LabelWords.IsNegation(text.AsSpan()[word]);
            negated |= isNegation;
            hasContent |= !isNegation;
        }

        if (!hasContent)
        {
            // A label made only of negations ("לא", "no") shares no meaning with any status.
            return Unknown(label);
        }

        var accepted = default(Selection);
        var refused = default(Selection);

        // Candidates inside the label start with one of its words.
        for (var w = 0; w < words.Length; w++)
        {
            if (!RepeatsAnEarlierWord(text, words, w) && _byFirstWord.TryGetValue(text.AsSpan()[words[w]], out var starting))
            {
                Consider(starting, text, words, negated, ref accepted, ref refused);
            }
        }

        // Candidates holding the label hold every one of its words: the shortest list covers them.
        PartialCandidate[]? rarest = null;
        foreach (var word in words)
        {
            if (!_byAnyWord.TryGetValue(text.AsSpan()[word], out var holding))
            {
                rarest = null;
                break;
            }

            if (rarest is null || holding.Length < rarest.Length)
            {
                rarest = holding;
            }
        }

        if (rarest is not null)
        {
            Consider(rarest, text, words, negated, ref accepted, ref refused, skipStartingWithLabelWord: true);
        }

        if (accepted.Best is { } best)
        {
            return accepted.Tied is { Count: > 0 } tied
                ? Ambiguous(label, [best.Status, .. tied])
                : new LabelMatch(LabelMatchKind.Partial, best.Status, $"partial match of label '{label}' to status '{best.Status.StatusId}' ('{best.Text}')");
        }

        if (refused.Best is { } blocked)
        {
            var detail = negated
                ? $"label '{label}' carries a negation that status '{blocked.Status.StatusId}' lacks"
                : $"status '{blocked.Status.StatusId}' carries a negation that label '{label}' lacks";
            return new LabelMatch(LabelMatchKind.Unknown, null, detail);
        }

        return Unknown(label);
    }

    private static void Consider(
        PartialCandidate[] candidates, string text, ReadOnlySpan<Range> words, bool negated, ref Selection accepted, ref Selection refused,
        bool skipStartingWithLabelWord = false)
    {
        foreach (var candidate in candidates)
        {
            if (skipStartingWithLabelWord && StartsWithOneOf(candidate, text, words))
            {
                // The first pass (by first word) already considered every candidate that starts with one of the label's words.
                continue;
            }

            int shared;
            if (candidate.HasContent && ContainsRun(text, words, candidate.Words))
            {
                shared = candidate.Words.Length;
            }
            else if (ContainsRun(candidate.Words, text, words))
            {
                shared = words.Length;
            }
            else
            {
                continue;
            }

            if (candidate.Negated == negated)
            {
                accepted.Offer(candidate, shared);
            }
            else
            {
                refused.Offer(candidate, shared);
            }
        }
    }

    /// <summary>Whether the label's word at <paramref name="index"/> already appeared before it (its candidates were considered then).</summary>
    private static bool RepeatsAnEarlierWord(string text, ReadOnlySpan<Range> words, int index)
    {
        for (var earlier = 0; earlier < index; earlier++)
        {
            if (text.AsSpan()[words[earlier]].SequenceEqual(text.AsSpan()[words[index]]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the candidate's first word is one of the label's words.</summary>
    private static bool StartsWithOneOf(PartialCandidate candidate, string text, ReadOnlySpan<Range> words)
    {
        foreach (var word in words)
        {
            if (text.AsSpan()[word].SequenceEqual(candidate.Words[0]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the label's words hold the candidate's words as a contiguous run.</summary>
    private static bool ContainsRun(string text, ReadOnlySpan<Range> words, string[] run)
    {
        for (var start = 0; start + run.Length <= words.Length; start++)
        {
            var i = 0;
            while (i < run.Length && text.AsSpan()[words[start + i]].SequenceEqual(run[i]))
            {
                i++;
            }

            if (i == run.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the candidate's words hold the label's words as a contiguous run.</summary>
    private static bool ContainsRun(string[] candidate, string text, ReadOnlySpan<Range> run)
    {
        for (var start = 0; start + run.Length <= candidate.Length; start++)
        {
            var i = 0;
            while (i < run.Length && candidate[start + i].AsSpan().SequenceEqual(text.AsSpan()[run[i]]))
            {
                i++;
            }

            if (i == run.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddText(
        Dictionary<string, List<LeadStatusDefinition>> exact, Dictionary<string, PartialCandidate> candidates, LeadStatusDefinition status, string text)
    {
        var key = LabelNormalizer.Normalize(text);
        if (key.Length == 0)
        {
            return;
        }

        AddExact(exact, key, status);
        var words = LabelWords.SplitToArray(key);
        if (words.Length > 0)
        {
            candidates.TryAdd(status.StatusId + "\0" + key, new PartialCandidate(status, text, words));
        }
    }

    private static void AddExact(Dictionary<string, List<LeadStatusDefinition>> exact, string key, LeadStatusDefinition status)
    {
        if (key.Length == 0)
        {
            return;
        }

        if (!exact.TryGetValue(key, out var owners))
        {
            exact[key] = [status];
        }
        else if (!owners.Contains(status))
        {
            owners.Add(status);
        }
    }

    private static LabelMatch Unknown(string label) => new(LabelMatchKind.Unknown, null, $"no status matches label '{label}'");

    /// <summary>Names the first ids (ordinal order) of an ambiguity and counts the rest, in one pass: no sort of a large tie.</summary>
    private static LabelMatch Ambiguous(string label, IEnumerable<LeadStatusDefinition> statuses)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var first = new List<string>(MaxIdsInDetail + 1);
        foreach (var status in statuses)
        {
            if (!ids.Add(status.StatusId) || (first.Count == MaxIdsInDetail && string.CompareOrdinal(status.StatusId, first[^1]) > 0))
            {
                continue;
            }

            var at = first.BinarySearch(status.StatusId, StringComparer.Ordinal);
            first.Insert(at < 0 ? ~at : at, status.StatusId);
            if (first.Count > MaxIdsInDetail)
            {
                first.RemoveAt(MaxIdsInDetail);
            }
        }

        var named = string.Join(", ", first.Select(id => $"'{id}'"));
        var more = ids.Count > MaxIdsInDetail ? $" and {ids.Count - MaxIdsInDetail} more" : string.Empty;
        return new LabelMatch(LabelMatchKind.Ambiguous, null, $"label '{label}' is ambiguous between {named}{more}");
    }

    /// <summary>The most specific candidates seen so far: most shared words, then fewest candidate words.</summary>
    private struct Selection
    {
        private int _shared;
        private int _length;

        public PartialCandidate? Best { get; private set; }

        /// <summary>Gets the other statuses as specific as <see cref="Best"/>'s, each once (a set, so a tie of N candidates costs O(N)).</summary>
        public HashSet<LeadStatusDefinition>? Tied { get; private set; }

        public void Offer(PartialCandidate candidate, int shared)
        {
            var length = candidate.Words.Length;
            if (Best is null || shared > _shared || (shared == _shared && length < _length))
            {
                Best = candidate;
                _shared = shared;
                _length = length;
                Tied = null;
            }
            else if (shared == _shared && length == _length && !ReferenceEquals(candidate.Status, Best.Status))
            {
                // By reference: LeadStatusDefinition is a record, and two rows' value equality is not the question here.
                Tied ??= new HashSet<LeadStatusDefinition>(ReferenceEqualityComparer.Instance);
                Tied.Add(candidate.Status);
            }
        }
    }
}
