using System.Globalization;

namespace AiSpm.Detection.Engines.Pieces;

/// <summary>The parts of rule-regex syntax that both piece parsers (<see cref="PrefilterPieces"/>, <see cref="LiteralExpansion"/>) read alike.</summary>
internal static class RegexSyntax
{
    /// <summary>No upper bound on a repeat.</summary>
    public const int Unbounded = -1;

    /// <summary>Steps into a group at <c>(</c>: a plain <c>(?:</c> is read as a group, any other <c>(?</c> construct is refused.</summary>
    public static void EnterGroup(string s, ref int position)
    {
        position++;
        if (position < s.Length && s[position] == '?')
        {
            // Inline flags, lookarounds and named groups would change what the pieces mean.
            if (position + 1 >= s.Length || s[position + 1] != ':')
            {
                throw new FormatException("unsupported group");
            }

            position += 2;
        }
    }

    /// <summary>Steps out of a group at its <c>)</c>.</summary>
    public static void LeaveGroup(string s, ref int position)
    {
        if (position >= s.Length || s[position] != ')')
        {
            throw new FormatException("unbalanced group");
        }

        position++;
    }

    /// <summary>The quantifier after an item, (1, 1) when there is none; <see cref="Unbounded"/> for no upper bound.</summary>
    public static (int Min, int Max) ReadQuantifier(string s, ref int position)
    {
        if (position >= s.Length)
        {
            return (1, 1);
        }

        (int Min, int Max) repeat;
        switch (s[position])
        {
            case '?':
                repeat = (0, 1);
                break;
            case '*':
                repeat = (0, Unbounded);
                break;
            case '+':
                repeat = (1, Unbounded);
                break;
            case '{':
                var close = s.IndexOf('}', position);
                if (close < 0)
                {
                    throw new FormatException("unclosed repeat");
                }

                var body = s.AsSpan(position + 1, close - position - 1);
                var comma = body.IndexOf(',');
                if (!int.TryParse(comma < 0 ? body : body[..comma], NumberStyles.None, CultureInfo.InvariantCulture, out var min))
                {
                    throw new FormatException("bad repeat");
                }

                var max = min;
                if (comma >= 0 && !(comma == body.Length - 1 ? (max = Unbounded) == Unbounded : int.TryParse(body[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out max)))
                {
                    throw new FormatException("bad repeat");
                }

                repeat = (min, max);
                position = close;
                break;
            default:
                return (1, 1);
        }

        position++;

        // Lazy and possessive suffixes change which match is found, not whether one exists or what it holds.
        if (position < s.Length && s[position] is '?' or '+')
        {
            position++;
        }

        return repeat;
    }
}
