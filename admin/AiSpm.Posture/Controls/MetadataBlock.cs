namespace AiSpm.Posture.Controls;

/// <summary>
/// Reads a control's OPA `# METADATA` block: the YAML subset the annotations use (nested maps by indentation, lists of
/// scalars, `|` and `>`/`>-` block scalars, plain and quoted scalars), without a YAML library, so it stays AOT-safe.
/// Values are <see cref="string"/>, <see cref="List{T}"/> of string, or nested dictionaries.
/// </summary>
internal static class MetadataBlock
{
    /// <summary>The metadata lines (comment markers removed) of the first `# METADATA` block, and the line it starts on (1-based), or null.</summary>
    public static (List<string> Lines, int StartLine)? Extract(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "# METADATA")
            {
                continue;
            }

            var body = new List<string>();
            for (var j = i + 1; j < lines.Length && lines[j].StartsWith('#'); j++)
            {
                var l = lines[j].AsSpan(1);
                body.Add((l.StartsWith(" ") ? l[1..] : l).ToString());
            }

            return (body, i + 2);
        }

        return null;
    }

    public static Dictionary<string, object> Parse(List<string> lines)
    {
        var pos = 0;
        return ParseMap(lines, ref pos, 0);
    }

    private static Dictionary<string, object> ParseMap(List<string> lines, ref int pos, int indent)
    {
        var map = new Dictionary<string, object>(StringComparer.Ordinal);
        while (pos < lines.Count)
        {
            var line = lines[pos];
            if (line.Trim().Length == 0)
            {
                pos++;
                continue;
            }

            var ind = Indent(line);
            if (ind < indent)
            {
                break;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (ind > indent || colon < 0)
            {
                throw new FormatException($"metadata line {pos + 1}: expected `key: value` at indentation {indent}: {line.Trim()}");
            }

            var key = line[ind..colon].Trim();
            var rest = line[(colon + 1)..].Trim();
            pos++;
            if (rest is "|" or "|-" or ">" or ">-")
            {
                map[key] = BlockScalar(lines, ref pos, ind, folded: rest[0] == '>');
            }
            else if (rest.Length > 0)
            {
                map[key] = Scalar(rest);
            }
            else
            {
                var next = NextContent(lines, pos);
                if (next < 0 || Indent(lines[next]) <= ind && !lines[next].TrimStart().StartsWith("- ", StringComparison.Ordinal))
                {
                    map[key] = string.Empty;
                }
                else if (lines[next].TrimStart().StartsWith('-'))
                {
                    map[key] = List(lines, ref pos, Indent(lines[next]));
                }
                else
                {
                    map[key] = ParseMap(lines, ref pos, Indent(lines[next]));
                }
            }
        }

        return map;
    }

    private static List<string> List(List<string> lines, ref int pos, int indent)
    {
        var items = new List<string>();
        while (pos < lines.Count)
        {
            var line = lines[pos];
            if (line.Trim().Length == 0)
            {
                pos++;
                continue;
            }

            var t = line.TrimStart();
            if (Indent(line) != indent || !t.StartsWith('-'))
            {
                break;
            }

            items.Add(Scalar(t[1..].Trim()));
            pos++;
        }

        return items;
    }

    private static string BlockScalar(List<string> lines, ref int pos, int parentIndent, bool folded)
    {
        var parts = new List<string>();
        var indent = -1;
        while (pos < lines.Count)
        {
            var line = lines[pos];
            if (line.Trim().Length > 0 && Indent(line) <= parentIndent)
            {
                break;
            }

            if (line.Trim().Length > 0 && indent < 0)
            {
                indent = Indent(line);
            }

            parts.Add(line.Length >= indent && indent >= 0 ? line[indent..] : line.Trim());
            pos++;
        }

        while (parts.Count > 0 && parts[^1].Length == 0)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return folded ? string.Join(' ', parts).Trim() : string.Join('\n', parts);
    }

    private static string Scalar(string s)
    {
        if (s.Length >= 2 && ((s[0] == '"' && s[^1] == '"') || (s[0] == '\'' && s[^1] == '\'')))
        {
            return s[1..^1];
        }

        return s;
    }

    private static int NextContent(List<string> lines, int pos)
    {
        for (var i = pos; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static int Indent(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] == ' ')
        {
            i++;
        }

        return i;
    }
}
