using System.Text;
using System.Text.Json;
using AiSpm.Detection.Json;
using AiSpm.Detection.Normalization;

namespace AiSpm.Detection;

public sealed partial class Inspector
{
    private const int MaxDepth = 64;

    /// <summary>Scans every text the model will read in an OpenAI or Anthropic request body; offsets are into <paramref name="body"/>.</summary>
    /// <remarks>Also records the tools the request declares in <paramref name="context"/> for the response phase.</remarks>
    public void ScanRequestBody(ReadOnlySpan<byte> body, ScanContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ScanBody(body, context, ScanPhase.Request);
    }

    /// <summary>Scans a buffered (non-streamed) response body; offsets are into <paramref name="body"/>.</summary>
    /// <remarks>Tool calls are checked against the tools <see cref="ScanRequestBody"/> recorded in <paramref name="context"/>.</remarks>
    public void ScanResponseBody(ReadOnlySpan<byte> body, ScanContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ScanBody(body, context, ScanPhase.Response);
    }

    private void ScanBody(ReadOnlySpan<byte> body, ScanContext context, ScanPhase phase)
    {
        var state = ScanState.Current;
        state.Reset(Rules.Count);
        var mark = context.Findings.Count;
        try
        {
            WalkBody(body, context, phase, state);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON after all (the gateway refuses malformed bodies first), or well-formed JSON whose key or tool
            // name is not UTF-8 (the reader throws InvalidOperationException only when such a string is compared or
            // transcoded; found by BodyScanFuzzTests): scan the bytes as one text so nothing the model would read goes
            // unscanned. Structural findings already added stay.
            context.Findings.Truncate(mark);
            state.Reset(Rules.Count);
            state.StartSegment();
            Normalizer.Normalize(body, jsonEscaped: false, 0, state.Text);
        }

        ScanNormalized(state, phase, context.Findings);
    }

    private void WalkBody(ReadOnlySpan<byte> body, ScanContext context, ScanPhase phase, ScanState state)
    {
        Span<JsonFrame> frames = stackalloc JsonFrame[MaxDepth + 2];
        frames[0] = new JsonFrame { PendingNameStart = -1 };
        var depth = 0;
        var toolsDepth = -1;
        var key = JsonKey.Other;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
        var request = phase == ScanPhase.Request;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    key = JsonKeys.Classify(ref reader);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    {
                        ref readonly var parent = ref frames[depth];
                        var k = parent.IsArray ? parent.Key : key;
                        var isArray = reader.TokenType == JsonTokenType.StartArray;
                        frames[++depth] = new JsonFrame { Key = k, IsArray = isArray, Skip = parent.Skip || k == JsonKey.SkipSubtree, PendingNameStart = -1 };
                        if (request && isArray && k == JsonKey.Tools && toolsDepth < 0)
                        {
                            toolsDepth = depth;
                            context.ToolsDeclared = true;
                        }

                        key = JsonKey.Other;
                        break;
                    }

                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    {
                        ref readonly var f = ref frames[depth];
                        if (!request && f.IsToolCallType && f.PendingNameStart >= 0)
                        {
                            ToolCallAt(body, f.PendingNameStart, f.PendingNameLength, f.PendingNameEscaped, context);
                        }

                        if (depth == toolsDepth)
                        {
                            toolsDepth = -1;
                        }

                        depth--;
                        break;
                    }

                case JsonTokenType.String:
                    {
                        ref var f = ref frames[depth];
                        var k = f.IsArray ? f.Key : key;
                        key = JsonKey.Other;
                        if (f.Skip || k == JsonKey.Skip || (k == JsonKey.Data && IsBase64(reader.ValueSpan)))
                        {
                            break;
                        }

                        var start = (int)reader.TokenStartIndex + 1;
                        if (k == JsonKey.Name && !f.IsArray && request)
                        {
                            if (toolsDepth >= 0 && (depth == toolsDepth + 1 || (depth == toolsDepth + 2 && f.Key == JsonKey.Function)))
                            {
                                context.DeclareTool(reader.GetString()!);
                            }

                            // A message's participant name and a tool's name reach the model as text too (not every
                            // provider holds names to OpenAI's [A-Za-z0-9_-]{1,64}), so they are scanned below.
                        }
                        else if (k == JsonKey.Name && !f.IsArray)
                        {
                            if ((f.Key == JsonKey.Function && frames[depth - 1].Key == JsonKey.ToolCalls) || f.Key == JsonKey.FunctionCall || f.IsToolCallType)
                            {
                                ToolCallAt(body, start, reader.ValueSpan.Length, reader.ValueIsEscaped, context);
                            }
                            else
                            {
                                f.PendingNameStart = start;
                                f.PendingNameLength = reader.ValueSpan.Length;
                                f.PendingNameEscaped = reader.ValueIsEscaped;
                            }

                            break;
                        }

                        if (k == JsonKey.Type && !f.IsArray)
                        {
                            f.IsToolCallType = JsonKeys.IsToolCallType(reader.ValueSpan);
                            break;
                        }

                        if (state.SegmentCount > 0)
                        {
                            _ = Normalizer.StartLine(start, start, state.Text);
                        }

                        state.StartSegment();
                        Normalizer.Normalize(reader.ValueSpan, reader.ValueIsEscaped, start, state.Text);
                        break;
                    }

                default:
                    key = JsonKey.Other;
                    break;
            }
        }
    }

    // Base64 media (an image, audio, a PDF) is not text the model reads as language; a plain-text document's data is.
    private static bool IsBase64(ReadOnlySpan<byte> value) => value.IndexOfAnyExcept(Base64Alphabet) < 0;

    private static readonly System.Buffers.SearchValues<byte> Base64Alphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_"u8);

    private void ToolCallAt(ReadOnlySpan<byte> body, int start, int length, bool escaped, ScanContext context)
    {
        var raw = body.Slice(start, length);
        var name = raw;
        if (escaped)
        {
            // Rare: an escaped tool name. Unescape on the slow path.
            var state = default(NormalizerState);
            var text = new NormalizedText();
            Normalizer.Append(raw, jsonEscaped: true, 0, text, ref state);
            name = text.Bytes.ToArray();
        }

        CheckToolCall(name, start, start + length, context);
    }

    /// <summary>Structural checks on one tool call: undeclared tool (tool_misuse) and high-risk tool (excessive_agency).</summary>
    internal void CheckToolCall(ReadOnlySpan<byte> name, int start, int end, ScanContext context)
    {
        if (!IsDeclared(name, context))
        {
            context.Findings.Add(new Finding(_undeclaredRule, start, end, 1f));
        }

        if (IsHighRisk(name))
        {
            context.Findings.Add(new Finding(_highRiskRule, start, end, 1f));
        }
    }

    private static bool IsDeclared(ReadOnlySpan<byte> name, ScanContext context)
    {
        foreach (var declared in context.DeclaredTools)
        {
            if (Utf8EqualsString(name, declared))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsHighRisk(ReadOnlySpan<byte> name)
    {
        Span<char> chars = stackalloc char[128];
        if (name.Length > chars.Length || !Encoding.UTF8.TryGetChars(name, chars, out var n))
        {
            return false;
        }

        var text = chars[..n];
        foreach (var risky in _highRiskTools)
        {
            if (risky.Length == 0)
            {
                continue;
            }

            // A name matches when it is the entry or contains it at a word start: "payment", "stripe_payment_create".
            var at = 0;
            while (at <= text.Length - risky.Length)
            {
                var i = text[at..].IndexOf(risky, StringComparison.OrdinalIgnoreCase);
                if (i < 0)
                {
                    break;
                }

                var pos = at + i;
                if (pos == 0 || text[pos - 1] is '_' or '.' or '-' or '/' or ':' || (char.IsLower(text[pos - 1]) && char.IsUpper(text[pos])))
                {
                    return true;
                }

                at = pos + 1;
            }
        }

        return false;
    }

    private static bool Utf8EqualsString(ReadOnlySpan<byte> utf8, string s)
    {
        if (utf8.Length < s.Length)
        {
            return false;
        }

        Span<char> chars = stackalloc char[128];
        if (utf8.Length > chars.Length)
        {
            return Encoding.UTF8.GetString(utf8) == s;
        }

        var n = Encoding.UTF8.GetChars(utf8, chars);
        return chars[..n].SequenceEqual(s);
    }
}
