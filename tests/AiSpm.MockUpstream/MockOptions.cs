using System.Globalization;

namespace AiSpm.MockUpstream;

/// <summary>Command-line defaults; every one can be overridden per request by an x-mock-* header.</summary>
internal sealed record MockOptions
{
    public const string Usage = """
        AiSpm MOCK upstream: a fake OpenAI- and Anthropic-compatible provider for tests, demos and load tests.
        It is not a real model; it returns deterministic text ("tok0 tok1 ...").

        usage: AiSpm.MockUpstream [--listen URL] [--tokens N] [--latency-ms N] [--token-delay-ms N]
                                  [--chunk-bytes N] [--slow-first-byte-ms N]

        Per-request headers: x-mock-latency-ms, x-mock-tokens, x-mock-token-delay-ms, x-mock-content,
        x-mock-content-base64, x-mock-chunk-bytes, x-mock-tool-call, x-mock-echo: 1, x-mock-tag,
        x-mock-compress: gzip (when the request accepts it) | always (whatever it accepts),
        x-mock-fault: slow-first-byte | reset-mid-stream | stall-mid-stream | status-500 | malformed-json | hang
        """;

    public string Listen { get; init; } = "http://127.0.0.1:9000";

    public int Tokens { get; init; } = 16;

    public int LatencyMs { get; init; }

    public int TokenDelayMs { get; init; }

    public int ChunkBytes { get; init; } = 16;

    public int SlowFirstByteMs { get; init; } = 30_000;

    /// <summary>Parses the arguments; returns null and writes the reason to <paramref name="error"/> when they are wrong.</summary>
    public static MockOptions? Parse(string[] args, out string? error)
    {
        var options = new MockOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                error = string.Empty;
                return null;
            }

            if (i + 1 >= args.Length)
            {
                error = $"missing value for {name}";
                return null;
            }

            var value = args[++i];
            if (name == "--listen")
            {
                options = options with { Listen = value };
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                error = $"{name} needs a non-negative integer, got '{value}'";
                return null;
            }

            switch (name)
            {
                case "--tokens": options = options with { Tokens = n }; break;
                case "--latency-ms": options = options with { LatencyMs = n }; break;
                case "--token-delay-ms": options = options with { TokenDelayMs = n }; break;
                case "--chunk-bytes": options = options with { ChunkBytes = Math.Max(1, n) }; break;
                case "--slow-first-byte-ms": options = options with { SlowFirstByteMs = n }; break;
                default:
                    error = $"unknown option {name}";
                    return null;
            }
        }

        return options;
    }
}
