using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace AiSpm.MockUpstream.Serving;

/// <summary>The x-mock-* request headers, defaulted from the command line.</summary>
internal readonly record struct Controls(
    int LatencyMs,
    int Tokens,
    int TokenDelayMs,
    int ChunkBytes,
    string? Content,
    string? ToolCall,
    Fault Fault,
    bool Echo,
    string? Tag)
{
    public static Controls From(IHeaderDictionary headers, MockOptions options)
    {
        string? content = headers["x-mock-content"];
        string? content64 = headers["x-mock-content-base64"];
        if (content64 is not null)
        {
            content = Encoding.UTF8.GetString(Convert.FromBase64String(content64));
        }

        return new Controls(
            Int(headers["x-mock-latency-ms"], options.LatencyMs),
            Int(headers["x-mock-tokens"], options.Tokens),
            Int(headers["x-mock-token-delay-ms"], options.TokenDelayMs),
            Math.Max(1, Int(headers["x-mock-chunk-bytes"], options.ChunkBytes)),
            content,
            headers["x-mock-tool-call"],
            ParseFault(headers["x-mock-fault"]),
            headers["x-mock-echo"] == "1",
            headers["x-mock-tag"]);
    }

    private static int Int(string? value, int fallback)
        => value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    private static Fault ParseFault(string? value) => value switch
    {
        null or "" => Fault.None,
        "slow-first-byte" => Fault.SlowFirstByte,
        "reset-mid-stream" => Fault.ResetMidStream,
        "stall-mid-stream" => Fault.StallMidStream,
        "status-500" => Fault.Status500,
        "malformed-json" => Fault.MalformedJson,
        "hang" => Fault.Hang,
        _ => throw new BadHeaderException($"unknown x-mock-fault '{value}'"),
    };
}
