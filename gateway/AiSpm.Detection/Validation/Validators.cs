namespace AiSpm.Detection.Validation;

/// <summary>Confirms pattern candidates: checksums where the format has one, structure rules, and entropy.</summary>
internal static class Validators
{
    // An issued token's random part holds at least this many letters and digits without a separator.
    private const int MinTokenRun = 12;

    /// <summary>Luhn over the digits of <paramref name="text"/> (separators ignored); 13 to 19 digits.</summary>
    public static bool Luhn(ReadOnlySpan<byte> text)
    {
        var sum = 0;
        var count = 0;
        var alt = false;
        for (var i = text.Length - 1; i >= 0; i--)
        {
            var b = text[i];
            if (b is < (byte)'0' or > (byte)'9')
            {
                continue;
            }

            var d = b - '0';
            if (alt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            alt = !alt;
            count++;
        }

        return count is >= 13 and <= 19 && sum % 10 == 0 && !AllSameDigit(text);
    }

    private static bool AllSameDigit(ReadOnlySpan<byte> text)
    {
        byte first = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                continue;
            }

            if (first == 0)
            {
                first = b;
            }
            else if (b != first)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>IBAN: country letters, two check digits, mod 97 == 1 over the rearranged number (spaces ignored).</summary>
    public static bool Iban(ReadOnlySpan<byte> text)
    {
        Span<byte> compact = stackalloc byte[34];
        var n = 0;
        foreach (var b in text)
        {
            if (b == (byte)' ' || b == (byte)'-')
            {
                continue;
            }

            if (n == compact.Length)
            {
                return false;
            }

            compact[n++] = b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;
        }

        if (n < 15 || !IsUpper(compact[0]) || !IsUpper(compact[1]) || !IsDigit(compact[2]) || !IsDigit(compact[3]))
        {
            return false;
        }

        // The span is the union of matches and may run into a following word ("... 00 today"): accept when some
        // prefix of at least 15 characters is a valid IBAN.
        for (var len = n; len >= 15; len--)
        {
            if (Mod97(compact[..len]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Mod97(ReadOnlySpan<byte> compact)
    {
        var n = compact.Length;
        var rem = 0;
        for (var k = 0; k < n; k++)
        {
            var b = compact[(k + 4) % n];
            if (IsDigit(b))
            {
                rem = ((rem * 10) + (b - '0')) % 97;
            }
            else if (IsUpper(b))
            {
                rem = ((rem * 100) + (b - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return rem == 1;
    }

    /// <summary>US SSN structure: area not 000, 666 or 9xx; group not 00; serial not 0000.</summary>
    public static bool UsSsn(ReadOnlySpan<byte> text)
    {
        Span<int> d = stackalloc int[9];
        var n = 0;
        foreach (var b in text)
        {
            if (IsDigit(b))
            {
                if (n == 9)
                {
                    return false;
                }

                d[n++] = b - '0';
            }
        }

        if (n != 9)
        {
            return false;
        }

        var area = (d[0] * 100) + (d[1] * 10) + d[2];
        var group = (d[3] * 10) + d[4];
        var serial = (d[5] * 1000) + (d[6] * 100) + (d[7] * 10) + d[8];
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    /// <summary>
    /// GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_): 30 base62 characters of entropy and a 6-character base62 CRC32
    /// checksum of the prefix and entropy. Tokens without the checksum layout fail.
    /// </summary>
    public static bool GitHubToken(ReadOnlySpan<byte> text)
    {
        var at = text.IndexOf("gh"u8);
        if (at < 0 || text.Length - at < 40 || text[at + 3] != (byte)'_')
        {
            return false;
        }

        var token = text.Slice(at, 40);
        var body = token[..34];
        var checksum = token[34..];
        var crc = Crc32(body[4..]);
        Span<byte> expected = stackalloc byte[6];
        var v = crc;
        for (var i = 5; i >= 0; i--)
        {
            expected[i] = Base62[(int)(v % 62)];
            v /= 62;
        }

        return checksum.SequenceEqual(expected);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static ReadOnlySpan<byte> Base62 => "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8;

    /// <summary>Shannon entropy in bits per byte.</summary>
    public static double Entropy(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[256];
        counts.Clear();
        foreach (var b in text)
        {
            counts[b]++;
        }

        double h = 0;
        foreach (var c in counts)
        {
            if (c > 0)
            {
                var p = (double)c / text.Length;
                h -= p * Math.Log2(p);
            }
        }

        return h;
    }

    /// <summary>
    /// The secret value of an assignment such as <c>password = "hunter2"</c>: the text after the last ':' or '=' of
    /// the span, without quotes and spaces; the whole span when there is none.
    /// </summary>
    public static ReadOnlySpan<byte> AssignedValue(ReadOnlySpan<byte> span)
    {
        // Base64 padding is part of the value, not a separator.
        var i = span.TrimEnd(" \t\"'`>,;()="u8).LastIndexOfAny("=: "u8);
        var v = i >= 0 ? span[(i + 1)..] : span;
        return v.Trim(" \t\"'`>,;()"u8);
    }

    /// <summary>
    /// True when a prefixed token looks issued rather than like a slug: it <see cref="LooksRandom"/> with digits, and
    /// its random part has an unbroken run of at least 12 letters and digits. Issued tokens are one random run, or
    /// base64url with a rare '-' or '_'; a slug such as "october-2016-security-releases" or "child-process-fork-gh-2847"
    /// is words and numbers between separators.
    /// </summary>
    public static bool LooksLikeToken(ReadOnlySpan<byte> value)
    {
        if (!LooksRandom(value, requireDigits: true))
        {
            return false;
        }

        int run = 0, longest = 0;
        foreach (var b in value)
        {
            run = char.IsAsciiLetterOrDigit((char)b) ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest >= MinTokenRun;
    }

    /// <summary>
    /// True when a value looks machine-generated rather than like words or an identifier: at least 12 bytes, digits
    /// or mixed case, and frequent changes between lower case, upper case and digits (or many digits).
    /// </summary>
    public static bool LooksRandom(ReadOnlySpan<byte> value, bool requireDigits)
    {
        if (value.Length < 12)
        {
            return false;
        }

        int digits = 0, upper = 0, lower = 0, transitions = 0, previous = -1;
        foreach (var b in value)
        {
            var c = b switch
            {
                >= (byte)'a' and <= (byte)'z' => 0,
                >= (byte)'A' and <= (byte)'Z' => 1,
                >= (byte)'0' and <= (byte)'9' => 2,
                _ => 3,
            };
            digits += c == 2 ? 1 : 0;
            upper += c == 1 ? 1 : 0;
            lower += c == 0 ? 1 : 0;
            // Only changes between letter cases and digits count: the '.' and '_' of an identifier such as
            // "String.Double" or "Keyword_Type" change class twice per word and would make it look random. Nor does
            // an upper-case letter followed by lower case, which starts a word of a camel-case name
            // ("addressFromString"); in a random token that pair is one change in six and the rest stay.
            transitions += previous is >= 0 and < 3 && c < 3 && previous != c && !(previous == 1 && c == 0) ? 1 : 0;
            previous = c;
        }

        if (requireDigits ? digits < 2 : digits < 2 && (upper < 2 || lower < 2))
        {
            return false;
        }

        return transitions * 5 >= (value.Length - 1) || (digits >= 3 && value.Length >= 20);
    }

    /// <summary>Dotted-quad IPv4 with octets 0..255, outside loopback; a candidate with ':' is IPv6, confirmed by its pattern.</summary>
    public static bool IpAddress(ReadOnlySpan<byte> text)
    {
        // Loopback (127.0.0.0/8) names this machine, not a person or a host anyone could reach; code and docs are
        // full of 127.0.0.1.
        if (text.StartsWith("127."u8))
        {
            return false;
        }

        var octets = 0;
        var value = -1;
        foreach (var b in text)
        {
            if (IsDigit(b))
            {
                value = value < 0 ? b - '0' : (value * 10) + (b - '0');
                if (value > 255)
                {
                    return false;
                }
            }
            else if (b == (byte)'.')
            {
                if (value < 0)
                {
                    return false;
                }

                octets++;
                value = -1;
            }
            else if (b == (byte)':')
            {
                // IPv6 candidates are confirmed by their pattern.
                return true;
            }
        }

        return octets == 3 && value >= 0;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool IsUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';
}
