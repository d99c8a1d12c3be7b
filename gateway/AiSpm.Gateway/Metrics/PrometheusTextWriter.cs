using System.Buffers;
using System.Globalization;
using System.Text;

namespace AiSpm.Gateway.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format (version 0.0.4). Hand-written because the served Prometheus
/// clients rely on reflection that native AOT trims away; the format is small and stable.
/// </summary>
internal sealed class PrometheusTextWriter(IBufferWriter<byte> output)
{
    private readonly StringBuilder _line = new(128);

    public void Header(string name, string type, string help)
    {
        Write($"# HELP {name} {help}\n# TYPE {name} {type}\n");
    }

    public void Sample(string name, double value, string? labels = null)
    {
        _line.Clear().Append(name);
        if (!string.IsNullOrEmpty(labels))
        {
            _line.Append('{').Append(labels).Append('}');
        }

        _line.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        Write(_line.ToString());
    }

    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private void Write(string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
