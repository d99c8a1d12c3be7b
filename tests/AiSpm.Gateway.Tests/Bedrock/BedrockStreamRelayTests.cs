using System.Text;
using System.Text.Json;
using AiSpm.Detection;
using AiSpm.Gateway.Bedrock;
using AiSpm.Gateway.Bedrock.EventStream;
using AiSpm.Gateway.Bedrock.Guardrails;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.Streaming;
using Amazon.Runtime.EventStreams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Gateway.Tests.Bedrock;

public sealed class BedrockStreamRelayTests(InspectorFixture fixture) : IClassFixture<InspectorFixture>
{
    // A realistic AWS access key id: the pattern, not AWS's documented example value.
    private const string Secret = "AKIA4HG7QZK2MX9PLW3R";
    private const string Before = "Sure. The deployment user's access key id is ";
    private const string After = " and it was rotated last week, so please update the pipeline settings today.";

    private readonly Inspector _inspector = fixture.Inspector;

    [Fact]
    public async Task ASecretInAConverseStreamIsCutBeforeItLeavesAtEverySplitPoint()
    {
        var stream = ConverseStream(Before + Secret + After, tokenChars: 3);
        for (var split = 1; split < stream.Length; split++)
        {
            var (output, events) = await RelayAsync(stream, enforce: true, split);
            var (text, exception) = Decode(output, split);
            Assert.NotNull(exception);
            Assert.Equal("modelStreamErrorException", exception!.Value.Type);
            Assert.Contains("Blocked by AiSpm", exception.Value.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("AKIA", text, StringComparison.Ordinal);
            Assert.True(Before.StartsWith(text, StringComparison.Ordinal), $"split {split}: the client saw '{text}'");
            Assert.Contains(events, e => e.Category == "secret" && e.Action == "blocked" && e.Route == "bedrock_converse_stream");
        }
    }

    [Fact]
    public async Task ASecretInAnInvokeModelChunkStreamIsCutBeforeItLeaves()
    {
        var stream = AnthropicChunkStream(Before + Secret + After, tokenChars: 4);
        for (var split = 1; split < stream.Length; split += 5)
        {
            var (output, _) = await RelayAsync(stream, enforce: true, split);
            var (text, exception) = Decode(output, split);
            Assert.NotNull(exception);
            Assert.DoesNotContain("AKIA", text, StringComparison.Ordinal);
            Assert.True(Before.StartsWith(text, StringComparison.Ordinal), $"split {split}: the client saw '{text}'");
        }
    }

    [Fact]
    public async Task ABenignStreamPassesByteForByteAtEverySplitPoint()
    {
        var stream = ConverseStream("The weather in Lisbon is sunny today, with a light breeze from the west.", tokenChars: 4);
        for (var split = 1; split < stream.Length; split++)
        {
            var (output, events) = await RelayAsync(stream, enforce: true, split);
            Assert.Equal(stream, output);
            Assert.Empty(events);
        }
    }

    [Fact]
    public async Task AFrameWithABadChecksumIsNeverRelayedAndEndsTheStreamWithAnUpstreamError()
    {
        var good = ConverseStream("hello there, all fine", tokenChars: 5);
        var bad = EventStreamCodecTests.Event("contentBlockDelta", """{"delta":{"text":"tampered"},"contentBlockIndex":0}""");
        bad[^1] ^= 0xFF;
        var stream = good.Concat(bad).Concat(EventStreamCodecTests.Event("messageStop", """{"stopReason":"end_turn"}""")).ToArray();
        for (var split = 1; split < stream.Length; split += 3)
        {
            var (output, _) = await RelayAsync(stream, enforce: true, split);
            var (text, exception) = Decode(output, split);
            Assert.Equal("hello there, all fine", text);
            Assert.NotNull(exception);
            Assert.Equal("internalServerException", exception!.Value.Type);
            Assert.Contains("upstream_bad_response", exception.Value.Json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AStreamCutInsideAFrameEndsWithAnUpstreamError()
    {
        var stream = ConverseStream("hello there", tokenChars: 4);
        var (output, _) = await RelayAsync(stream[..^3], enforce: true, split: 10);
        var (_, exception) = Decode(output, 10);
        Assert.NotNull(exception);
        Assert.Contains("upstream_bad_response", exception!.Value.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorRelaysEveryByteAndFlagsTheSecret()
    {
        var stream = ConverseStream(Before + Secret + After, tokenChars: 5);
        var (output, events) = await RelayAsync(stream, enforce: false, split: 17);
        Assert.Equal(stream, output);
        Assert.Contains(events, e => e.Category == "secret" && e.Action == "flagged");
    }

    internal async Task<(byte[] Output, List<AiSpm.Contracts.DetectionEvent> Events)> RelayAsync(byte[] upstream, bool enforce, int split, IGuardrailCaller? guardrail = null, BedrockGuardrailOptions? options = null, ScanContext? scan = null, int drip = 0)
    {
        var sink = new RecordingSink();
        var metrics = new GatewayMetrics();
        var evaluator = new VerdictEvaluator(new PolicyState(enforce ? "enforce" : "monitor"), sink, metrics, redactInsteadOfBlock: true, "test");
        var stage = guardrail is null ? null : new GuardrailStage(guardrail, new GuardrailEvents(sink, metrics, "test"), metrics, NullLogger.Instance);
        var relay = new BedrockStreamRelay(evaluator, metrics, NullLogger.Instance, stage);
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        var stack = new InspectorHolder(_inspector).Current;
        var exchange = new ExchangeInfo("bedrock_converse_stream", "anthropic.claude-3-haiku", enforce, RequestIdentity.Anonymous, new TraceIds("r", "t", "a"));
        var relayContext = new StreamRelayContext(stack, scan ?? new ScanContext(), exchange, HoldbackBytes: 96, IdleTimeoutMs: 10_000, "test");
        using var timeout = new CancellationTokenSource();
        await relay.RelayAsync(context, drip > 0 ? new DripStream(upstream, drip) : new TwoReadStream(upstream, split), relayContext, stage is null ? null : options ?? new BedrockGuardrailOptions { GuardrailIdentifier = "gr", GuardrailVersion = "1" }, timeout);
        await context.Response.BodyWriter.FlushAsync();
        return (body.ToArray(), [.. sink.Events]);
    }

    /// <summary>
    /// Decodes the client's bytes with the AWS SDK's own frame decoder (which checks both checksums): the text of the
    /// deltas, and the exception frame that ended the stream, if any. Every byte must belong to a valid frame.
    /// </summary>
    internal static (string Text, StreamException? Exception) Decode(byte[] output, int split)
    {
        var text = new StringBuilder();
        StreamException? exception = null;
        var at = 0;
        while (at < output.Length)
        {
            Assert.True(output.Length - at >= 4, $"split {split}: trailing bytes after the last frame");
            var length = (output[at] << 24) | (output[at + 1] << 16) | (output[at + 2] << 8) | output[at + 3];
            // One frame per array: EventStreamMessage.FromBuffer checks the message CRC from the array's start, not from offset.
            var message = EventStreamMessage.FromBuffer(output.AsSpan(at, length).ToArray(), 0, length);
            at += length;
            Assert.Null(exception);
            var payload = Encoding.UTF8.GetString(message.Payload);
            if (message.Headers[":message-type"].AsString() == "exception")
            {
                using var doc = JsonDocument.Parse(payload);
                exception = new StreamException(message.Headers[":exception-type"].AsString(), doc.RootElement.GetProperty("message").GetString()!, payload);
                continue;
            }

            var json = message.Headers[":event-type"].AsString() == "chunk"
                ? Encoding.UTF8.GetString(Convert.FromBase64String(JsonDocument.Parse(payload).RootElement.GetProperty("bytes").GetString()!))
                : payload;
            using var delta = JsonDocument.Parse(json);
            if (delta.RootElement.TryGetProperty("delta", out var d) && d.TryGetProperty("text", out var t))
            {
                text.Append(t.GetString());
            }
        }

        return (text.ToString(), exception);
    }

    internal static byte[] ConverseStream(string content, int tokenChars)
    {
        var frames = new List<byte[]> { EventStreamCodecTests.Event("messageStart", """{"role":"assistant"}""") };
        for (var i = 0; i < content.Length; i += tokenChars)
        {
            var token = JsonSerializer.Serialize(content.Substring(i, Math.Min(tokenChars, content.Length - i)));
            frames.Add(EventStreamCodecTests.Event("contentBlockDelta", "{\"delta\":{\"text\":" + token + "},\"contentBlockIndex\":0}"));
        }

        frames.Add(EventStreamCodecTests.Event("contentBlockStop", """{"contentBlockIndex":0}"""));
        frames.Add(EventStreamCodecTests.Event("messageStop", """{"stopReason":"end_turn"}"""));
        return [.. frames.SelectMany(f => f)];
    }

    internal static byte[] AnthropicChunkStream(string content, int tokenChars)
    {
        var frames = new List<byte[]>();
        for (var i = 0; i < content.Length; i += tokenChars)
        {
            var token = JsonSerializer.Serialize(content.Substring(i, Math.Min(tokenChars, content.Length - i)));
            var chunk = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + token + "}}";
            frames.Add(EventStreamCodecTests.Event("chunk", "{\"bytes\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(chunk)) + "\"}"));
        }

        return [.. frames.SelectMany(f => f)];
    }

    internal readonly record struct StreamException(string Type, string Message, string Json);

    /// <summary>An upstream body that arrives a few bytes a read, as a slow model's stream does.</summary>
    private sealed class DripStream(byte[] data, int size) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var count = Math.Min(Math.Min(buffer.Length, size), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return ValueTask.FromResult(count);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>An upstream body that arrives in two reads split at a chosen byte.</summary>
    private sealed class TwoReadStream(byte[] data, int split) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var end = _position < split ? split : data.Length;
            var count = Math.Min(buffer.Length, end - _position);
            data.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return ValueTask.FromResult(count);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
