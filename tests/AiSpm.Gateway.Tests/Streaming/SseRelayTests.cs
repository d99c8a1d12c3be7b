using System.Text;
using System.Text.Json;
using AiSpm.Detection;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Metrics;
using AiSpm.Gateway.Streaming;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Gateway.Tests.Streaming;

public sealed class SseRelayTests(InspectorFixture fixture) : IClassFixture<InspectorFixture>
{
    // A realistic AWS access key id: the pattern, not AWS's documented example value.
    private const string Secret = "AKIA4HG7QZK2MX9PLW3R";
    private const string Before = "Sure. The deployment user's access key id is ";
    private const string After = " and it was rotated last week, so please update the pipeline settings today.";

    private readonly Inspector _inspector = fixture.Inspector;

    [Fact]
    public async Task EnforceCutsTheStreamBeforeAnyMatchedByteAtEverySplitPoint()
    {
        var stream = ChatStream(Before + Secret + After, tokenChars: 3);
        for (var split = 1; split < stream.Length; split += 1)
        {
            var (output, events) = await RelayAsync(stream, enforce: true, split);
            var text = StreamedText(output, out var error);
            Assert.True(error is not null, $"split {split}: no error event; output: {Encoding.UTF8.GetString(output)}");
            Assert.Equal("aispm_blocked", error!.Value.GetProperty("type").GetString());
            Assert.DoesNotContain("AKIA", text, StringComparison.Ordinal);
            Assert.True(Before.StartsWith(text, StringComparison.Ordinal), $"split {split}: client saw text that is not a prefix of the safe text: '{text}'");
            Assert.DoesNotContain("[DONE]", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
            Assert.Contains(events, e => e.Category == "secret" && e.Action == "blocked" && !e.Evidence!.Contains(Secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task MonitorRelaysEveryByteUnchangedAndRecordsTheFinding()
    {
        var stream = ChatStream(Before + Secret + After, tokenChars: 5);
        for (var split = 1; split < stream.Length; split += 7)
        {
            var (output, events) = await RelayAsync(stream, enforce: false, split);
            Assert.Equal(stream, output);
            Assert.Contains(events, e => e.Category == "secret" && e.Action == "flagged");
        }
    }

    [Fact]
    public async Task BenignStreamsPassByteForByteAtEverySplitPoint()
    {
        var stream = ChatStream("The weather in Lisbon is sunny today, with a light breeze from the west and 24 degrees.", tokenChars: 4);
        for (var split = 1; split < stream.Length; split++)
        {
            var (output, events) = await RelayAsync(stream, enforce: true, split);
            Assert.Equal(stream, output);
            Assert.Empty(events);
        }
    }

    [Theory]
    [InlineData("reasoning_content")]
    [InlineData("reasoning")]
    [InlineData("thinking")]
    [InlineData("transcript")]
    public async Task ReasoningAndTranscriptDeltasAreScannedLikeContent(string key)
    {
        var stream = ChatStream(Before + Secret + After, tokenChars: 4, key);
        var (output, events) = await RelayAsync(stream, enforce: true, split: 11);

        Assert.DoesNotContain("AKIA", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
        Assert.Contains(events, e => e.Category == "secret" && e.Action == "blocked");
    }

    [Fact]
    public async Task AnEventSplitOverSeveralDataLinesIsScannedAsTheClientJoinsIt()
    {
        // A client joins the lines: {"choices":[{"index":0,"delta":\n{"content":"..."}}]} is one JSON chunk.
        var content = JsonSerializer.Serialize(Before + Secret + After);
        var stream = Encoding.UTF8.GetBytes("data: {\"choices\":[{\"index\":0,\"delta\":\ndata: {\"content\":" + content + "}}]}\n\ndata: [DONE]\n\n");
        var (output, events) = await RelayAsync(stream, enforce: true, split: 7);

        Assert.DoesNotContain("AKIA", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
        Assert.Contains(events, e => e.Category == "secret" && e.Action == "blocked");
    }

    [Fact]
    public async Task AnEventWhoseDataIsNotJsonIsScannedAsText()
    {
        var stream = Encoding.UTF8.GetBytes("data: " + Before + Secret + After + "\n\ndata: [DONE]\n\n");
        var (output, events) = await RelayAsync(stream, enforce: true, split: 9);

        Assert.DoesNotContain("AKIA", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
        Assert.Contains(events, e => e.Category == "secret" && e.Action == "blocked");
    }

    [Fact]
    public async Task AnUpstreamThatStopsSendingEndsWithAnErrorEvent()
    {
        var stream = ChatStream("hello there", tokenChars: 4);
        var (output, _) = await RelayAsync(stream[..(stream.Length / 2)], enforce: true, split: 5, hangAtEnd: true);
        StreamedText(output, out var error);
        Assert.NotNull(error);
        Assert.Equal("upstream_timeout", error!.Value.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnUpstreamEventLargerThanTheCapEndsTheStreamWithAnErrorEventAtEverySplitPoint()
    {
        var small = ChatStream("hello there", tokenChars: 4);
        var huge = Encoding.UTF8.GetBytes("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + new string('x', 5000) + "\"}}]}\n\n");
        byte[] stream = [.. small[..^"data: [DONE]\n\n".Length], .. huge, .. "data: [DONE]\n\n"u8];
        for (var split = 1; split < stream.Length; split += 97)
        {
            var metrics = new GatewayMetrics();
            var (output, _) = await RelayAsync(stream, enforce: false, split, maxEventBytes: 2048, metrics: metrics);

            var text = StreamedText(output, out var error);
            Assert.True(error is not null, $"split {split}: no error event");
            Assert.Equal("upstream_event_too_large", error!.Value.GetProperty("code").GetString());
            Assert.Equal("hello there", text);
            Assert.DoesNotContain("xxxx", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
            Assert.DoesNotContain("[DONE]", Encoding.UTF8.GetString(output), StringComparison.Ordinal);
            var scrape = new System.Buffers.ArrayBufferWriter<byte>();
            metrics.WriteTo(new PrometheusTextWriter(scrape));
            Assert.Contains("aispm_gateway_upstream_errors_total{kind=\"event_too_large\"} 1", Encoding.UTF8.GetString(scrape.WrittenSpan), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnEventJustUnderTheCapIsRelayed()
    {
        var stream = ChatStream(new string('y', 1500), tokenChars: 1500);
        var (output, _) = await RelayAsync(stream, enforce: false, split: 64, maxEventBytes: 2048);

        Assert.Equal(stream, output);
    }

    private async Task<(byte[] Output, List<AiSpm.Contracts.DetectionEvent> Events)> RelayAsync(byte[] upstream, bool enforce, int split, bool hangAtEnd = false, int maxEventBytes = 1 << 20, GatewayMetrics? metrics = null)
    {
        var sink = new RecordingSink();
        metrics ??= new GatewayMetrics();
        var evaluator = new VerdictEvaluator(new PolicyState(enforce ? "enforce" : "monitor"), sink, metrics, redactInsteadOfBlock: true, "test");
        var relay = new SseRelay(evaluator, metrics, NullLogger.Instance, maxEventBytes);
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        var stack = new InspectorHolder(_inspector).Current;
        var exchange = new ExchangeInfo("chat_completions", "m", enforce, RequestIdentity.Anonymous, new TraceIds("r", "t", "a"));
        var relayContext = new StreamRelayContext(stack, new ScanContext(), exchange, HoldbackBytes: 96, IdleTimeoutMs: hangAtEnd ? 200 : 10_000, "test");
        using var timeout = new CancellationTokenSource();
        await relay.RelayAsync(context, new SplitStream(upstream, split, hangAtEnd), relayContext, timeout);
        await context.Response.BodyWriter.FlushAsync();
        return (body.ToArray(), [.. sink.Events]);
    }

    private static byte[] ChatStream(string content, int tokenChars, string key = "content")
    {
        var sb = new StringBuilder();
        sb.Append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n");
        for (var i = 0; i < content.Length; i += tokenChars)
        {
            var token = JsonSerializer.Serialize(content.Substring(i, Math.Min(tokenChars, content.Length - i)));
            sb.Append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"").Append(key).Append("\":").Append(token).Append("}}]}\n\n");
        }

        sb.Append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        sb.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The text the client saw, and the error event if the stream ended with one.</summary>
    private static string StreamedText(byte[] output, out JsonElement? error)
    {
        error = null;
        var text = new StringBuilder();
        foreach (var line in Encoding.UTF8.GetString(output).Split('\n'))
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line[6..]);
            if (doc.RootElement.TryGetProperty("error", out var e))
            {
                error = e.Clone();
                continue;
            }

            foreach (var choice in doc.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("delta").TryGetProperty("content", out var c))
                {
                    text.Append(c.GetString());
                }
            }
        }

        return text.ToString();
    }

    /// <summary>An upstream body that arrives in two reads split at a chosen byte, optionally never ending.</summary>
    private sealed class SplitStream(byte[] data, int split, bool hangAtEnd) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= data.Length)
            {
                if (hangAtEnd)
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                return 0;
            }

            var end = _position < split ? split : data.Length;
            var count = Math.Min(buffer.Length, end - _position);
            data.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
