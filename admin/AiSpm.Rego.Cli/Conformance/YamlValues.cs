using AiSpm.Rego.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AiSpm.Rego.Cli.Conformance;

/// <summary>YAML nodes to Rego values, with the case files' encodings: `set!`, `object!` and the string "#undefined".</summary>
internal static class YamlValues
{
    /// <summary>Converts a node; null stands for "#undefined".</summary>
    public static RegoValue? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode s:
                return Scalar(s);
            case YamlSequenceNode seq:
                var items = new List<RegoValue>();
                foreach (var c in seq.Children)
                {
                    items.Add(Convert(c) ?? throw new FormatException("#undefined inside an array"));
                }

                return new RegoArray([.. items]);
            case YamlMappingNode map:
                if (map.Children.Count == 1 && map.Children.First() is { Key: YamlScalarNode { Value: "set!" }, Value: YamlSequenceNode setItems })
                {
                    var set = new HashSet<RegoValue>();
                    foreach (var c in setItems.Children)
                    {
                        set.Add(Convert(c) ?? throw new FormatException("#undefined inside a set"));
                    }

                    return new RegoSet(set);
                }

                if (map.Children.Count == 1 && map.Children.First() is { Key: YamlScalarNode { Value: "object!" }, Value: YamlSequenceNode pairs })
                {
                    var od = new Dictionary<RegoValue, RegoValue>();
                    foreach (var p in pairs.Children)
                    {
                        var pm = (YamlMappingNode)p;
                        od[Convert(pm.Children[new YamlScalarNode("key")])!] = Convert(pm.Children[new YamlScalarNode("value")])!;
                    }

                    return new RegoObject(od);
                }

                var d = new Dictionary<RegoValue, RegoValue>();
                foreach (var kv in map.Children)
                {
                    var key = kv.Key is YamlScalarNode ks ? Scalar(ks, keyContext: true) : Convert(kv.Key);
                    d[key ?? throw new FormatException("#undefined as a key")] = Convert(kv.Value) ?? throw new FormatException("#undefined as a value");
                }

                return new RegoObject(d);
            default:
                throw new FormatException("unsupported YAML node");
        }
    }

    private static RegoValue? Scalar(YamlScalarNode s, bool keyContext = false)
    {
        var text = s.Value ?? string.Empty;
        if (s.Style != ScalarStyle.Plain)
        {
            return text == "#undefined" && !keyContext ? null : new RegoString(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return RegoNull.Instance;
            case "true" or "True" or "TRUE":
                return RegoBool.True;
            case "false" or "False" or "FALSE":
                return RegoBool.False;
        }

        if (LooksNumeric(text) && RegoNumber.Parse(text.StartsWith('+') ? text[1..] : text) is { } n)
        {
            return n;
        }

        return text == "#undefined" && !keyContext ? null : new RegoString(text);
    }

    private static bool LooksNumeric(string t)
    {
        if (t.Length == 0)
        {
            return false;
        }

        var c = t[0];
        return char.IsAsciiDigit(c) || ((c == '-' || c == '+' || c == '.') && t.Length > 1 && (char.IsAsciiDigit(t[1]) || t[1] == '.'));
    }
}
