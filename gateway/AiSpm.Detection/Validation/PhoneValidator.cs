using PhoneNumbers;

namespace AiSpm.Detection.Validation;

/// <summary>
/// Confirms a phone-number candidate with libphonenumber: a number with a leading <c>+</c> (or an international
/// <c>00</c>) is parsed as written; a national number is tried in each configured region. The pattern engine finds the
/// digit runs, so libphonenumber only ever sees candidates (its own <c>FindNumbers</c> costs about 17 µs per 80
/// characters, far too much to run over whole texts).
/// </summary>
internal sealed class PhoneValidator
{
    /// <summary>Regions a national-format number is tried in when no <see cref="InspectorOptions.PhoneRegions"/> are given.</summary>
    public static readonly IReadOnlyList<string> DefaultRegions =
        ["US", "CA", "GB", "DE", "FR", "ES", "IT", "NL", "BR", "MX", "IN", "JP", "CN", "KR", "AU", "ZA"];

    // Parsing a number keeps the candidate as a string: a candidate is at most this long.
    private const int MaxCandidate = 40;

    // libphonenumber loads its metadata on first use (about 100 ms); the first candidate pays it, benign text never.
    private static readonly Lazy<PhoneNumberUtil> s_util = new(PhoneNumberUtil.GetInstance);

    // Each region with whether its national numbers start with a trunk 0; read from the metadata on first use.
    private readonly Lazy<(string Region, bool TrunkZero)[]> _regions;

    public PhoneValidator(IReadOnlyList<string>? regions)
    {
        var list = regions is { Count: > 0 } ? regions : DefaultRegions;
        var names = new string[list.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = list[i].ToUpperInvariant();
        }

        _regions = new(() =>
        {
            var util = s_util.Value;
            var withTrunk = new (string, bool)[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                withTrunk[i] = (names[i], util.GetNddPrefixForRegion(names[i], stripNonDigits: true) == "0");
            }

            return withTrunk;
        });
    }

    /// <summary>
    /// True when the candidate holds a number that is valid in its country. The span may start with a label
    /// ("Mobile:", "tel"), which also admits an unseparated digit run; without one, a run needs a leading <c>+</c>, a
    /// trunk <c>0</c>, brackets or separators, and dates, dotted quads and thousands groupings are refused before any
    /// parsing.
    /// </summary>
    public bool IsPhoneNumber(ReadOnlySpan<byte> candidate)
    {
        var start = candidate.IndexOfAny("+(0123456789"u8);
        if (start < 0)
        {
            return false;
        }

        var labelled = start > 0 && ContainsLetter(candidate[..start]);
        var number = candidate[start..];
        var last = number.LastIndexOfAnyInRange((byte)'0', (byte)'9');
        if (last < 0)
        {
            return false;
        }

        number = number[..(last + 1)];
        if (number.Length > MaxCandidate)
        {
            return false;
        }

        // A span that runs on into a following group ("+1 415 555 0134 - 10 am") is not retried without it: dropping
        // groups until something parses turns card and order numbers into phone numbers.
        // After an explicit label ("You can call", "Mobile:") the label is the evidence: a number of a country outside
        // the configured regions, or in a layout libphonenumber does not know, still counts.
        return Shape(number, labelled) && (labelled || Valid(number));
    }

    // Cheap structural checks that keep order ids, timestamps, dates, versions and amounts away from the parser.
    private static bool Shape(ReadOnlySpan<byte> number, bool labelled)
    {
        int digits = 0, groups = 0, run = 0, firstGroup = 0;
        var allThree = true;
        byte separator = 0;
        var mixedSeparators = false;
        foreach (var b in number)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                digits++;
                run++;
                continue;
            }

            if (run > 0)
            {
                CloseGroup(ref groups, ref firstGroup, ref allThree, run);
                run = 0;
            }

            if (b is (byte)' ' or (byte)'.' or (byte)'-' or (byte)'/')
            {
                mixedSeparators |= separator != 0 && separator != b;
                separator = b;
            }
        }

        if (run > 0)
        {
            CloseGroup(ref groups, ref firstGroup, ref allThree, run);
        }

        var international = number[0] == (byte)'+' || number.StartsWith("00"u8);
        if (digits < (labelled ? 6 : 7) || digits > 15)
        {
            return false;
        }

        if (!international && !labelled)
        {
            // One bare run of digits is an id, a timestamp or an amount far more often than a phone number.
            if (groups < 2)
            {
                return false;
            }

            // "1 250 000", "12.500.000": digits grouped by thousands.
            if (allThree && firstGroup <= 3 && !mixedSeparators && number[0] != (byte)'0' && number[0] != (byte)'(' && separator is (byte)' ' or (byte)'.')
            {
                return false;
            }
        }

        return !LooksLikeDate(number) && !LooksLikeDottedQuad(number, groups, separator, mixedSeparators) && !LooksLikeSsn(number);
    }

    // 078-05-1120: the US social security layout, which no numbering plan groups a phone number by.
    private static bool LooksLikeSsn(ReadOnlySpan<byte> s) =>
        s.Length == 11 && s[3] == (byte)'-' && s[6] == (byte)'-' && s.IndexOfAnyExcept("0123456789-"u8) < 0;

    private static void CloseGroup(ref int groups, ref int firstGroup, ref bool allThree, int run)
    {
        if (groups == 0)
        {
            firstGroup = run;
        }
        else if (run != 3)
        {
            allThree = false;
        }

        groups++;
    }

    // 2024-01-31, 31.01.2024, 01/31/24 and a date with a time after it ("2024-01-31 12 00").
    private static bool LooksLikeDate(ReadOnlySpan<byte> s)
    {
        Span<int> g = stackalloc int[3];
        var n = 0;
        var run = 0;
        byte sep = 0;
        foreach (var b in s)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                run++;
                continue;
            }

            if (run == 0 || n == 2)
            {
                break;
            }

            if (b is not ((byte)'-' or (byte)'.' or (byte)'/') || (sep != 0 && sep != b))
            {
                return false;
            }

            sep = b;
            g[n++] = run;
            run = 0;
        }

        if (n < 2)
        {
            return false;
        }

        g[2] = run;
        return (g[0] == 4 && g[1] <= 2 && g[2] is >= 1 and <= 2) || (g[0] <= 2 && g[1] <= 2 && g[2] is 2 or 4);
    }

    private static bool LooksLikeDottedQuad(ReadOnlySpan<byte> s, int groups, byte separator, bool mixed) =>
        separator == (byte)'.' && !mixed && groups == 4 && s[0] != (byte)'0' && s[0] != (byte)'+';

    private bool Valid(ReadOnlySpan<byte> number)
    {
        Span<char> chars = stackalloc char[MaxCandidate];
        for (var i = 0; i < number.Length; i++)
        {
            chars[i] = (char)number[i];
        }

        var text = new string(chars[..number.Length]);
        var util = s_util.Value;
        if (number[0] == (byte)'+')
        {
            return TryValid(util, text, "ZZ", requireMobile: false);
        }

        var trunkZero = number[0] == (byte)'0' || number[0] == (byte)'(';
        var international = number.StartsWith("00"u8);
        foreach (var (region, zero) in _regions.Value)
        {
            // Where national numbers start with a trunk 0 ("020 7946 0958"), a run without one is read there only
            // where mobiles are written without it (India, China); any digit run has a landline reading somewhere.
            if (zero && !trunkZero && !international && region is not ("IN" or "CN"))
            {
                continue;
            }

            if (TryValid(util, text, region, requireMobile: zero && !trunkZero, checkGroups: !international))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryValid(PhoneNumberUtil util, string text, string region, bool requireMobile, bool checkGroups = false)
    {
        try
        {
            var parsed = util.Parse(text, region);
            if (!util.IsValidNumber(parsed))
            {
                return false;
            }

            if (region != "ZZ" && util.GetRegionCodeForNumber(parsed) is { } actual && !RegionMatches(actual, region, text))
            {
                return false;
            }

            // Premium-rate, shared-cost, pager and other service ranges are not a person's number, and they take in
            // digit runs such as "123-456-7890" in some plans.
            var type = util.GetNumberType(parsed);
            if (checkGroups && !SameFirstGroup(text, util.Format(parsed, PhoneNumberFormat.NATIONAL)))
            {
                return false;
            }

            return requireMobile
                ? type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE
                : type is PhoneNumberType.MOBILE or PhoneNumberType.FIXED_LINE_OR_MOBILE or PhoneNumberType.FIXED_LINE or PhoneNumberType.VOIP or PhoneNumberType.PERSONAL_NUMBER or PhoneNumberType.TOLL_FREE;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    // A national number is grouped the way its country writes it: the first group of digits is the area code or
    // mobile prefix ("030 123456", "(11) 96123-4567"), so "555-123-4567" is no Mexican number ("55 5123 4567"). A leading
    // trunk 0 or a NANP 1 is ignored on both sides; a labelled run written without separators passes.
    private static bool SameFirstGroup(string candidate, string national)
    {
        var c = FirstGroup(candidate, skipOne: true);
        var n = FirstGroup(national, skipOne: false);
        return c.IsEmpty || c.SequenceEqual(n) || candidate.AsSpan().IndexOfAny(" .-/()") < 0;
    }

    private static ReadOnlySpan<char> FirstGroup(string s, bool skipOne)
    {
        var span = s.AsSpan();
        var start = span.IndexOfAnyInRange('0', '9');
        if (start < 0)
        {
            return [];
        }

        span = span[start..];
        var end = span.IndexOfAnyExceptInRange('0', '9');
        var group = end < 0 ? span : span[..end];
        if (skipOne && group is "1" && end > 0)
        {
            return FirstGroup(s[(start + end)..], skipOne: false);
        }

        return group.TrimStart('0');
    }

    // A national number must belong to the region it was read in; an international "00 44 ..." names its own.
    private static bool RegionMatches(string actual, string region, string text) =>
        actual == region || text.StartsWith("00", StringComparison.Ordinal) || (region is "US" or "CA" && actual is "US" or "CA");

    private static bool ContainsLetter(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
        {
            if (char.IsAsciiLetter((char)b))
            {
                return true;
            }
        }

        return false;
    }
}
