using System.Text;

namespace AiSpm.Detection.Engines.Pieces;

/// <summary>
/// Hyperscan only decides which rules may match (the rules' own regexes then find the spans), so it can run a looser
/// superset of each pattern. Wide bounded repeats such as <c>[^.\n]{0,80}</c> are what make Hyperscan's compiler slow
/// or refuse ("Pattern is too large"); <c>{m,n}</c> with a wide range becomes <c>{m,}</c>, which only ever matches more.
/// </summary>
internal static class PrefilterExpression
{
    private const int WidestKeptRange = 4;

    public static string Loosen(string expression)
    {
        var output = new StringBuilder(expression.Length);
        var inClass = false;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '\\' && i + 1 < expression.Length)
            {
                output.Append(c).Append(expression[++i]);
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                output.Append(c);
                continue;
            }

            if (c == '[')
            {
                inClass = true;
                output.Append(c);
                // A ']' right after '[' or '[^' is a literal member, not the end of the class.
                if (i + 1 < expression.Length && expression[i + 1] == '^')
                {
                    output.Append(expression[++i]);
                }

                if (i + 1 < expression.Length && expression[i + 1] == ']')
                {
                    output.Append(expression[++i]);
                }

                continue;
            }

            if (c == '{' && TryReadRange(expression, i, out var low, out var high, out var end) && high - low > WidestKeptRange)
            {
                output.Append(low == 0 ? "*" : "{" + low.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",}");
                i = end;
                continue;
            }

            output.Append(c);
        }

        return output.ToString();
    }

    /// <summary>
    /// A literal piece as Hyperscan runs it: loosened, and <c>[\n ]+</c> narrowed to one character, which is exact on
    /// normalized text, where every whitespace run is already folded to one space or newline.
    /// </summary>
    public static string ForPiece(string piece) =>
        Loosen(piece).Replace(@"[\n ]+", @"[\n ]", StringComparison.Ordinal).Replace(@"[\n ]*", @"[\n ]?", StringComparison.Ordinal);

    private static bool TryReadRange(string s, int open, out int low, out int high, out int close)
    {
        low = high = 0;
        close = s.IndexOf('}', open);
        if (close < 0)
        {
            return false;
        }

        var body = s.AsSpan(open + 1, close - open - 1);
        var comma = body.IndexOf(',');
        return comma > 0
            && int.TryParse(body[..comma], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out low)
            && int.TryParse(body[(comma + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out high);
    }
}
