using System.Text;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>A deliberately plain SSE parser (the spec's line rules), so assertions do not depend on the code under test.</summary>
internal static class Sse
{
    public static List<SseEvent> Parse(string text)
    {
        var events = new List<SseEvent>();
        string? name = null;
        var data = new StringBuilder();
        var hasData = false;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.Length == 0)
            {
                if (hasData || name is not null)
                {
                    events.Add(new SseEvent(name, data.ToString()));
                }

                name = null;
                data.Clear();
                hasData = false;
                continue;
            }

            if (raw[0] == ':')
            {
                continue;
            }

            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? raw : raw[..colon];
            var value = colon < 0 ? string.Empty : raw[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            if (field == "event")
            {
                name = value;
            }
            else if (field == "data")
            {
                if (hasData)
                {
                    data.Append('\n');
                }

                data.Append(value);
                hasData = true;
            }
        }

        return events;
    }

    /// <summary>True when the text ends with a complete event (a blank line), so a cut stream can be told from a finished one.</summary>
    public static bool EndsWithBlankLine(string text)
    {
        var t = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return t.EndsWith("\n\n", StringComparison.Ordinal);
    }
}
