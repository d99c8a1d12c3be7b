using System.Collections.Frozen;
using System.Reflection;

namespace AiSpm.Detection.Validation;

/// <summary>
/// Given names and surnames (see <c>Validation/Names/README.md</c> for their sources) and the checks that confirm a
/// person-name candidate. Lookups go through the alternate span key: a candidate costs no allocation.
/// </summary>
internal static class PersonNames
{
    [Flags]
    private enum Kind : byte
    {
        None = 0,
        Given = 1,
        Surname = 2,

        // Also an everyday word ("Mark", "Brown"): counts after a cue, not in a bare pair.
        AmbiguousGiven = 4,
        AmbiguousSurname = 8,

        // A word that starts or sits in a cue ("Dear", "Regards", "Name") or a capitalized word that is never a name
        // after one ("Dear Customer", "Hi Team").
        NotAName = 16,
    }

    private const int MaxToken = 24;

    private static readonly Lazy<FrozenDictionary<string, Kind>.AlternateLookup<ReadOnlySpan<char>>> s_lookup = new(Load);

    // Titles that make the next capitalized word a name whatever it is.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> s_titles = FrozenSet.Create(StringComparer.Ordinal,
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr", "frau", "monsieur", "madame", "mme", "mlle", "m", "senor",
        "senora", "senorita", "sr", "sra", "srta", "signor", "signora", "sig", "dott", "dottssa", "sir", "mevrouw",
        "meneer", "dhr", "mevr", "pan", "pani").GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly string[] s_notNames =
    [
        "dear", "hi", "hello", "hey", "name", "full", "my", "is", "regards", "sincerely", "cheers", "thanks", "thank",
        "best", "kind", "warm", "yours", "truly", "faithfully", "cordialement", "bien", "mit", "freundlichen", "viele",
        "gruessen", "grussen", "grusse", "saludos", "atentamente", "cordiali", "saluti", "met", "vriendelijke", "groet",
        "nombre", "nom", "nome", "naam", "cher", "chere", "liebe", "lieber", "estimado", "estimada", "querido", "querida",
        "caro", "cara", "gentile", "customer", "customers", "team", "all", "everyone", "sir", "madam", "user", "users",
        "friend", "friends", "client", "colleague", "colleagues", "valued", "member", "members", "support", "hiring",
        "manager", "the", "this", "that", "your", "our", "there", "world", "folks", "guys", "lives", "resides", "at",
        "in", "on", "and", "or", "of", "to", "we", "it", "you", "he", "she", "they", "i", "a", "an", "so", "from",
        "admin", "administrator", "applicant", "candidate", "reader", "readers", "partner", "partners", "student",
        "students", "parent", "parents", "sender", "recipient", "owner", "editor", "editors", "reviewer", "reviewers",
        "sales", "service", "services", "office", "department", "company", "inc", "ltd", "llc", "gmbh",
    ];

    /// <summary>
    /// A cued candidate ("Name: Ana Silva", "Dear Mr Keller", "Regards,\nTom"): a capitalized word in the name lists
    /// that is not a cue word itself, or two capitalized words after a title ("Dr. Amara Okonkwo-Reid"). One unknown word
    /// after a title is not enough: word problems and place names are full of them ("Mr. Bodhi has 15 foxes").
    /// </summary>
    public static bool IsCuedName(ReadOnlySpan<byte> candidate)
    {
        var lookup = s_lookup.Value;
        Span<char> token = stackalloc char[MaxToken];
        var afterTitle = false;
        var titledUnknown = false;
        var i = 0;
        while (NextToken(candidate, ref i, token, out var length, out var capitalized))
        {
            var word = token[..length];
            var kind = length > 0 && lookup.TryGetValue(word, out var k) ? k : Kind.None;
            if (length == 0 || !capitalized || (kind & Kind.NotAName) != 0)
            {
                afterTitle = titledUnknown = false;
                continue;
            }

            if (s_titles.Contains(word))
            {
                afterTitle = true;
                titledUnknown = false;
                continue;
            }

            if ((kind & (Kind.Given | Kind.Surname | Kind.AmbiguousGiven | Kind.AmbiguousSurname)) != 0 || titledUnknown)
            {
                return true;
            }

            titledUnknown = afterTitle;
            afterTitle = false;
        }

        return false;
    }

    /// <summary>
    /// A bare "Given Surname" pair (an initial may stand between): both capitalized, the first an unambiguous given
    /// name, the last an unambiguous surname.
    /// </summary>
    public static bool IsNamePair(ReadOnlySpan<byte> candidate)
    {
        var lookup = s_lookup.Value;
        Span<char> token = stackalloc char[MaxToken];
        var i = 0;
        var previousGiven = false;
        while (NextToken(candidate, ref i, token, out var length, out var capitalized))
        {
            if (length == 0 || !capitalized)
            {
                previousGiven = false;
                continue;
            }

            // A middle initial ("John F. Kennedy") keeps the pair.
            if (length == 1)
            {
                continue;
            }

            var kind = lookup.TryGetValue(token[..length], out var k) ? k : Kind.None;
            if (previousGiven && (kind & Kind.Surname) != 0 && (kind & (Kind.AmbiguousSurname | Kind.NotAName)) == 0)
            {
                return true;
            }

            previousGiven = (kind & Kind.Given) != 0 && (kind & (Kind.AmbiguousGiven | Kind.NotAName)) == 0;
        }

        return false;
    }

    // The next run of letters (and inner ' or -) lower-cased into `token`; false at the end. A token longer than the
    // buffer comes back with length 0, as does a run of other characters that ends a name ('\n', ',', digits).
    private static bool NextToken(ReadOnlySpan<byte> s, ref int i, Span<char> token, out int length, out bool capitalized)
    {
        length = 0;
        capitalized = false;
        while (i < s.Length && s[i] is (byte)' ' or (byte)'.')
        {
            i++;
        }

        if (i >= s.Length)
        {
            return false;
        }

        if (!char.IsAsciiLetter((char)s[i]))
        {
            i++;
            return true;
        }

        capitalized = char.IsAsciiLetterUpper((char)s[i]);
        var n = 0;
        var tooLong = false;
        while (i < s.Length && (char.IsAsciiLetter((char)s[i]) || (s[i] is (byte)'\'' or (byte)'-' && i + 1 < s.Length && char.IsAsciiLetter((char)s[i + 1]))))
        {
            var c = (char)s[i++];
            if (c is '\'' or '-')
            {
                // "O'Brien", "Jean-Luc": the list holds them without the mark.
                continue;
            }

            if (n == token.Length)
            {
                tooLong = true;
                continue;
            }

            token[n++] = char.ToLowerInvariant(c);
        }

        length = tooLong ? 0 : n;
        return true;
    }

    private static FrozenDictionary<string, Kind>.AlternateLookup<ReadOnlySpan<char>> Load()
    {
        var map = new Dictionary<string, Kind>(StringComparer.Ordinal);
        Read("given-names.txt", Kind.Given, Kind.AmbiguousGiven, map);
        Read("surnames.txt", Kind.Surname, Kind.AmbiguousSurname, map);
        foreach (var w in s_notNames)
        {
            map[w] = Kind.NotAName;
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static void Read(string file, Kind plain, Kind ambiguous, Dictionary<string, Kind> map)
    {
        var assembly = typeof(PersonNames).Assembly;
        using var stream = assembly.GetManifestResourceStream("AiSpm.Detection.Validation.Names." + file)
            ?? throw new InvalidOperationException("embedded name list missing: " + file);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var kind = line[0] == '~' ? ambiguous : plain;
            var name = (line[0] == '~' ? line[1..] : line).ToLowerInvariant();
            map[name] = map.TryGetValue(name, out var existing) ? existing | kind : kind;
        }
    }
}
