using AiSpm.Detection;
using AiSpm.Gateway.Buffers;

namespace AiSpm.Gateway.Inspection;

/// <summary>The detection library's <see cref="Redactor"/>, writing into a pooled body the gateway then forwards.</summary>
internal static class BodyRedactor
{
    public static PooledBody Redact(ReadOnlySpan<byte> body, FindingList findings, Inspector inspector)
    {
        var output = new PooledBody(body.Length + 64);
        Redactor.Redact(body, findings, inspector, output);
        return output;
    }
}
