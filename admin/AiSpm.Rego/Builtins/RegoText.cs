using System.Text;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

/// <summary>Values as Rego source text, the way OPA prints them in sprintf's %v (`{"a": 1}`, `{1, 2}` for sets).</summary>
internal static class RegoText
{
    public static string Format(RegoValue v, bool topLevelStringRaw)
    {
        if (topLevelStringRaw && v is RegoString s)
        {
            return s.Value;
        }

        var sb = new StringBuilder();
        Write(sb, v);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, RegoValue v)
    {
        switch (v)
        {
            case RegoArray a:
                sb.Append('[');
                for (var i = 0; i < a.Items.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Write(sb, a.Items[i]);
                }

                sb.Append(']');
                break;
            case RegoSet s:
                if (s.Count == 0)
                {
                    sb.Append("set()");
                    break;
                }

                sb.Append('{');
                var first = true;
                foreach (var x in s.Sorted)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    Write(sb, x);
                }

                sb.Append('}');
                break;
            case RegoObject o:
                sb.Append('{');
                var f = true;
                foreach (var k in o.SortedKeys)
                {
                    if (!f)
                    {
                        sb.Append(", ");
                    }

                    f = false;
                    Write(sb, k);
                    sb.Append(": ");
                    Write(sb, o.Items[k]);
                }

                sb.Append('}');
                break;
            default:
                v.WriteJson(sb);
                break;
        }
    }
}
