using System.Buffers;
using System.Text;

namespace AiSpm.Detection.Normalization;

/// <summary>
/// Turns a text into what the engines scan: JSON unescaping (body strings), NFKC compatibility folding to ASCII,
/// invisible and bidi characters removed, confusables folded, whitespace runs folded to one space (or newline),
/// astral characters replaced, and one level of base64 / hex / percent-encoded payloads decoded and appended so the
/// decoded text is scanned too. Every output byte keeps the source range it came from.
/// </summary>
internal static class Normalizer
{
    // Printable ASCII and the space: bytes the normalizer copies unchanged (but for folding runs of spaces), so long
    // runs of them are copied in bulk. A JSON string's backslash starts an escape and must take the slow path.
    private static readonly SearchValues<byte> PlainText = SearchValues.Create(Range(0x20, 0x7E, except: -1));
    private static readonly SearchValues<byte> PlainJson = SearchValues.Create(Range(0x20, 0x7E, except: '\\'));

    /// <summary>Normalizes a whole text (block mode), then appends its decoded payloads.</summary>
    public static void Normalize(ReadOnlySpan<byte> input, bool jsonEscaped, int srcBase, NormalizedText output)
    {
        // Text after a join's newline: its leading whitespace folds into that newline.
        var state = new NormalizerState { LastWasSpace = EndsWithWhitespace(output) };
        var segmentStart = output.Length;
        Append(input, jsonEscaped, srcBase, output, ref state);
        PayloadDecoder.AppendDecoded(output, segmentStart);
    }

    /// <summary>
    /// Starts a new line after what <paramref name="output"/> holds (a body's next string, a decoded payload), folded
    /// into whitespace it already ends with, so no join leaves two whitespace bytes in a row (the Hyperscan pieces
    /// spell <c>[\n ]*</c> as at most one byte). Returns the state to append the new line's text with.
    /// </summary>
    public static NormalizerState StartLine(int srcStart, int srcEnd, NormalizedText output)
    {
        var state = new NormalizerState { LastWasSpace = EndsWithWhitespace(output) };
        EmitCodePoint('\n', srcStart, srcEnd, output, ref state);
        return state;
    }

    private static bool EndsWithWhitespace(NormalizedText output) => output.Length > 0 && output.Last is (byte)' ' or (byte)'\n';

    /// <summary>Normalizes one piece, carrying whitespace state between pieces (stream mode; no payload decoding).</summary>
    public static void Append(ReadOnlySpan<byte> input, bool jsonEscaped, int srcBase, NormalizedText output, ref NormalizerState state)
    {
        var plain = jsonEscaped ? PlainJson : PlainText;
        var i = 0;
        while (i < input.Length)
        {
            var start = i;
            int cp;
            var b = input[i];
            if (b is >= 0x20 and < 0x7F && (b != (byte)'\\' || !jsonEscaped))
            {
                var length = UnchangedLength(input[i..], plain);
                AppendPlain(input.Slice(i, length), srcBase + i, output, ref state);
                i += length;
                continue;
            }

            if (jsonEscaped && b == (byte)'\\' && i + 1 < input.Length)
            {
                cp = Unescape(input, ref i);
                if (cp is >= 0xD800 and <= 0xDBFF && i + 1 < input.Length && input[i] == (byte)'\\' && input[i + 1] == (byte)'u')
                {
                    var j = i;
                    var low = Unescape(input, ref j);
                    if (low is >= 0xDC00 and <= 0xDFFF)
                    {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        i = j;
                    }
                }

                if (cp is >= 0xD800 and <= 0xDFFF)
                {
                    cp = 0xFFFD;
                }
            }
            else if (b < 0x80)
            {
                cp = b;
                i++;
            }
            else
            {
                var status = Rune.DecodeFromUtf8(input[i..], out var rune, out var used);
                cp = rune.Value;
                if (status == OperationStatus.Done && IsUnchanged(cp))
                {
                    // Most characters of non-Latin text come out as they went in: they join the run of bytes copied
                    // one-to-one, as printable ASCII does, where each was re-encoded and mapped as a group of its own.
                    var length = used + UnchangedLength(input[(i + used)..], plain);
                    AppendPlain(input.Slice(i, length), srcBase + i, output, ref state);
                    i += length;
                    continue;
                }

                i += Math.Max(1, used);
            }

            EmitCodePoint(cp, srcBase + start, srcBase + i, output, ref state);
        }
    }

    /// <summary>
    /// True for a character beyond ASCII that <see cref="EmitCodePoint"/> would write back as its own UTF-8 bytes: not
    /// whitespace, not invisible, not folded by the compatibility table or the confusables, and in the BMP.
    /// </summary>
    private static bool IsUnchanged(int cp) =>
        cp is >= 0x80 and <= 0xFFFF
        && !Confusables.IsWhitespace(cp)
        && !Confusables.IsInvisible(cp)
        && CompatibilityIndex.IndexOf(cp) < 0
        && Confusables.Fold(cp) < 0
        && ScriptFold.Fold(cp) == ScriptFold.None;

    // How many bytes from the start of `input` are printable ASCII or unchanged characters.
    private static int UnchangedLength(ReadOnlySpan<byte> input, SearchValues<byte> plain)
    {
        var i = 0;
        while (i < input.Length)
        {
            if (input[i] < 0x80)
            {
                var ascii = input[i..].IndexOfAnyExcept(plain);
                if (ascii == 0)
                {
                    break;
                }

                i = ascii < 0 ? input.Length : i + ascii;
                continue;
            }

            if (Rune.DecodeFromUtf8(input[i..], out var rune, out var used) != OperationStatus.Done || !IsUnchanged(rune.Value))
            {
                break;
            }

            i += used;
        }

        return i;
    }

    // A run of printable ASCII, spaces and unchanged characters: copied in bulk, each run of spaces folded to its first.
    private static void AppendPlain(ReadOnlySpan<byte> run, int srcStart, NormalizedText output, ref NormalizerState state)
    {
        while (!run.IsEmpty)
        {
            if (run[0] == (byte)' ' && state.LastWasSpace && output.Length > 0)
            {
                var spaces = run.IndexOfAnyExcept((byte)' ');
                spaces = spaces < 0 ? run.Length : spaces;
                output.ExtendLast(srcStart + spaces);
                run = run[spaces..];
                srcStart += spaces;
                continue;
            }

            var doubled = run.IndexOf("  "u8);
            var take = doubled < 0 ? run.Length : doubled + 1;
            output.AppendRun(run[..take], srcStart);
            state.LastWasSpace = run[take - 1] == (byte)' ';
            run = run[take..];
            srcStart += take;
        }
    }

    private static byte[] Range(int from, int to, int except)
    {
        var bytes = new List<byte>(to - from + 1);
        for (var b = from; b <= to; b++)
        {
            if (b != except)
            {
                bytes.Add((byte)b);
            }
        }

        return [.. bytes];
    }

    public static void EmitCodePoint(int cp, int srcStart, int srcEnd, NormalizedText output, ref NormalizerState state)
    {
        if (Confusables.IsWhitespace(cp))
        {
            var newline = Confusables.IsNewline(cp);
            if (state.LastWasSpace && output.Length > 0)
            {
                output.ExtendLast(srcEnd);
                if (newline)
                {
                    output.ReplaceLast((byte)'\n');
                }

                return;
            }

            output.Append(newline ? (byte)'\n' : (byte)' ', srcStart, srcEnd);
            state.LastWasSpace = true;
            return;
        }

        if (cp < 0x80)
        {
            if (Confusables.IsInvisible(cp))
            {
                return;
            }

            state.LastWasSpace = false;
            output.Append((byte)cp, srcStart, srcEnd);
            return;
        }

        // Vowel points are dropped as invisible characters are, before they could end a run of spaces.
        var script = ScriptFold.Fold(cp);
        if (Confusables.IsInvisible(cp) || script == ScriptFold.Drop)
        {
            return;
        }

        state.LastWasSpace = false;
        var idx = CompatibilityIndex.IndexOf(cp);
        if (idx >= 0)
        {
            var offsets = CompatibilityTable.Offsets;
            for (var k = offsets[idx]; k < offsets[idx + 1]; k++)
            {
                var c = CompatibilityTable.Values[k];
                if (c == ' ')
                {
                    EmitCodePoint(' ', srcStart, srcEnd, output, ref state);
                    continue;
                }

                state.LastWasSpace = false;
                output.Append((byte)c, srcStart, srcEnd);
            }

            return;
        }

        var folded = Confusables.Fold(cp);
        if (folded >= 0)
        {
            output.Append((byte)folded, srcStart, srcEnd);
            return;
        }

        if (script >= 0)
        {
            // A folded letter can be ASCII (Vietnamese) or a look-alike in its lower case (Cyrillic capital ve).
            cp = script;
            folded = cp < 0x80 ? cp : Confusables.Fold(cp);
            if (folded >= 0)
            {
                output.Append((byte)folded, srcStart, srcEnd);
                return;
            }
        }

        if (cp > 0xFFFF)
        {
            cp = 0xFFFD;
        }

        Span<byte> utf8 = stackalloc byte[4];
        var n = new Rune(cp).EncodeToUtf8(utf8);
        for (var k = 0; k < n; k++)
        {
            output.Append(utf8[k], srcStart, srcEnd);
        }
    }

    private static int Unescape(ReadOnlySpan<byte> input, ref int i)
    {
        // input[i] is '\\'.
        var c = input[i + 1];
        i += 2;
        switch (c)
        {
            case (byte)'n': return '\n';
            case (byte)'t': return '\t';
            case (byte)'r': return '\r';
            case (byte)'b': return '\b';
            case (byte)'f': return '\f';
            case (byte)'u':
                if (i + 4 <= input.Length && TryHex4(input.Slice(i, 4), out var v))
                {
                    i += 4;
                    return v;
                }

                return 0xFFFD;
            default:
                return c;
        }
    }

    private static bool TryHex4(ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        foreach (var b in s)
        {
            var d = HexValue(b);
            if (d < 0)
            {
                return false;
            }

            value = (value << 4) | d;
        }

        return true;
    }

    internal static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
