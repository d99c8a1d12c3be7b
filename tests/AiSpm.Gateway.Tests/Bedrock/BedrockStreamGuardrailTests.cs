using System.Collections.Concurrent;
using System.Text;
using AiSpm.Detection;
using AiSpm.Gateway.Bedrock;
using AiSpm.Gateway.Bedrock.Guardrails;

namespace AiSpm.Gateway.Tests.Bedrock;

/// <summary>The Bedrock guardrail's OUTPUT stage on streamed answers, at every split point of the event stream.</summary>
public sealed class BedrockStreamGuardrailTests(InspectorFixture fixture) : IClassFixture<InspectorFixture>
{
    // Letters only: digits or hex could look like a secret to AiSpm's own detectors and end the stream first.
    private const string Trigger = "zebracanyonquartz";
    private const string Before = "The itinerary for the spring offsite covers three days in Porto, with a river walk on the first afternoon. ";
    private const string After = " is the codename nobody should read, and the second day is spent at the wine lodges across the bridge.";

    private readonly BedrockStreamRelayTests _relay = new(fixture);

    [Fact]
    public async Task AGuardrailBlockInAStreamedAnswerEndsItBeforeTheMatchedTextLeavesAtEverySplitPoint()
    {
        var stream = BedrockStreamRelayTests.ConverseStream(Before + Trigger + After, tokenChars: 3);
        for (var split = 1; split < stream.Length; split++)
        {
            var guardrail = new FakeGuardrail("BLOCKED");
            var (output, events) = await _relay.RelayAsync(stream, enforce: true, split, guardrail, Options());
            var (text, exception) = BedrockStreamRelayTests.Decode(output, split);
            Assert.NotNull(exception);
            Assert.Equal("modelStreamErrorException", exception!.Value.Type);
            Assert.Contains("bedrock_guardrail", exception.Value.Json, StringComparison.Ordinal);
            Assert.DoesNotContain(Trigger[..4], text, StringComparison.Ordinal);
            Assert.True(Before.StartsWith(text, StringComparison.Ordinal), $"split {split}: the client saw '{text}'");
            Assert.Contains(events, e => e.RuleId == "BEDROCK-GUARDRAIL:contentPolicy:MISCONDUCT" && e.Action == "blocked" && e.Phase == "response");
        }
    }

    [Fact]
    public async Task AGuardrailBlockInAnInvokeModelChunkStreamEndsIt()
    {
        var stream = BedrockStreamRelayTests.AnthropicChunkStream(Before + Trigger + After, tokenChars: 4);
        for (var split = 1; split < stream.Length; split += 7)
        {
            var (output, _) = await _relay.RelayAsync(stream, enforce: true, split, new FakeGuardrail("BLOCKED"), Options());
            var (text, exception) = BedrockStreamRelayTests.Decode(output, split);
            Assert.NotNull(exception);
            Assert.DoesNotContain(Trigger[..4], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AMaskingInterventionInAStreamEndsItSinceTheMaskCannotBeWrittenIntoDeltas()
    {
        var stream = BedrockStreamRelayTests.ConverseStream(Before + Trigger + After, tokenChars: 5);
        for (var split = 1; split < stream.Length; split += 3)
        {
            var (output, events) = await _relay.RelayAsync(stream, enforce: true, split, new FakeGuardrail("ANONYMIZED"), Options());
            var (text, exception) = BedrockStreamRelayTests.Decode(output, split);
            Assert.NotNull(exception);
            Assert.DoesNotContain(Trigger[..4], text, StringComparison.Ordinal);
            Assert.Contains(events, e => e.Action == "blocked");
        }
    }

    [Fact]
    public async Task ABenignStreamPassesByteForByteAndTheGuardrailSeesAllOfItsText()
    {
        var content = Before + After;
        var stream = BedrockStreamRelayTests.ConverseStream(content, tokenChars: 4);
        for (var split = 1; split < stream.Length; split++)
        {
            var guardrail = new FakeGuardrail("BLOCKED");
            var (output, events) = await _relay.RelayAsync(stream, enforce: true, split, guardrail, Options());
            Assert.Equal(stream, output);
            Assert.Empty(events);
            Assert.All(guardrail.Calls, c => Assert.Equal("OUTPUT", c.Source));
            Assert.Equal(content, Stitch(guardrail.Calls));
        }
    }

    [Fact]
    public async Task ASlowStreamIsCheckedSegmentBySegmentAndPassesByteForByte()
    {
        var content = Before + After;
        var stream = BedrockStreamRelayTests.ConverseStream(content, tokenChars: 4);
        foreach (var drip in new[] { 1, 7, 64 })
        {
            var guardrail = new FakeGuardrail("BLOCKED");
            var (output, _) = await _relay.RelayAsync(stream, enforce: true, 0, guardrail, Options(), drip: drip);
            Assert.Equal(stream, output);
            Assert.True(guardrail.Calls.Count >= content.Length / 40, $"drip {drip}: {guardrail.Calls.Count} checks");
            Assert.Equal(content, Stitch(guardrail.Calls));
        }
    }

    [Fact]
    public async Task ATextStraddlingTwoSegmentsIsSeenWholeByOneCheck()
    {
        // The trigger starts a few bytes before the first segment boundary (40 bytes).
        var content = "Ordinary opening words, nothing " + Trigger + " special here at all, then the rest.";
        var stream = BedrockStreamRelayTests.ConverseStream(content, tokenChars: 2);
        foreach (var drip in new[] { 1, 5, 23 })
        {
            var guardrail = new FakeGuardrail("BLOCKED");
            var (output, _) = await _relay.RelayAsync(stream, enforce: true, 0, guardrail, Options(), drip: drip);
            var (text, exception) = BedrockStreamRelayTests.Decode(output, drip);
            Assert.NotNull(exception);
            Assert.DoesNotContain(Trigger[..3], text, StringComparison.Ordinal);
            Assert.True(guardrail.Calls.Count >= 2, $"drip {drip}: {guardrail.Calls.Count} checks");
        }
    }

    [Fact]
    public async Task AGuardrailTimeoutFollowsTheFailMode()
    {
        var stream = BedrockStreamRelayTests.ConverseStream(Before + After, tokenChars: 4);

        var (closed, _) = await _relay.RelayAsync(stream, enforce: true, 11, new FakeGuardrail(null), Options("closed"));
        var (text, exception) = BedrockStreamRelayTests.Decode(closed, 11);
        Assert.NotNull(exception);
        Assert.Equal("serviceUnavailableException", exception!.Value.Type);
        Assert.Contains("guardrail_unavailable", exception.Value.Json, StringComparison.Ordinal);
        Assert.True(Before.StartsWith(text, StringComparison.Ordinal) || text.Length == 0, text);

        var (open, _) = await _relay.RelayAsync(stream, enforce: true, 11, new FakeGuardrail(null), Options("open"));
        Assert.Equal(stream, open);
    }

    [Fact]
    public async Task MonitorModeRelaysEveryByteAndRecordsTheGuardrailsVerdict()
    {
        var stream = BedrockStreamRelayTests.ConverseStream(Before + Trigger + After, tokenChars: 5);
        var (output, events) = await _relay.RelayAsync(stream, enforce: false, 13, new FakeGuardrail("BLOCKED"), Options());
        Assert.Equal(stream, output);
        Assert.Contains(events, e => e.RuleId == "BEDROCK-GUARDRAIL:contentPolicy:MISCONDUCT" && e.Action == "flagged");
    }

    [Fact]
    public async Task AHighRiskToolStartedInAConverseStreamIsBlockedAtEverySplitPoint()
    {
        var stream = ToolUseStream("stripe_payment_create");
        for (var split = 1; split < stream.Length; split++)
        {
            var scan = new ScanContext();
            scan.DeclareTool("stripe_payment_create");
            var (output, events) = await _relay.RelayAsync(stream, enforce: true, split, scan: scan);
            var (_, exception) = BedrockStreamRelayTests.Decode(output, split);
            Assert.NotNull(exception);
            Assert.Contains(events, e => e.RuleId == Inspector.HighRiskToolRuleId && e.Action == "blocked");
        }
    }

    [Fact]
    public async Task ADeclaredOrdinaryToolInAConverseStreamPasses()
    {
        var stream = ToolUseStream("get_weather");
        var scan = new ScanContext();
        scan.DeclareTool("get_weather");
        var (output, events) = await _relay.RelayAsync(stream, enforce: true, 17, scan: scan);
        Assert.Equal(stream, output);
        Assert.Empty(events);
    }

    [Fact]
    public async Task AnUndeclaredToolInAnAnthropicChunkStreamIsFound()
    {
        var start = """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_abc","name":"shell_exec","input":{}}}""";
        var stream = EventStreamCodecTests.Event("chunk", "{\"bytes\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(start)) + "\"}");
        var scan = new ScanContext();
        scan.DeclareTool("get_weather");
        var (_, events) = await _relay.RelayAsync(stream, enforce: false, 5, scan: scan);
        Assert.Contains(events, e => e.RuleId == Inspector.UndeclaredToolRuleId);
    }

    private static byte[] ToolUseStream(string tool)
    {
        var frames = new List<byte[]>
        {
            EventStreamCodecTests.Event("messageStart", """{"role":"assistant"}"""),
            EventStreamCodecTests.Event("contentBlockStart", "{\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_abc\",\"name\":\"" + tool + "\"}},\"contentBlockIndex\":0}"),
            EventStreamCodecTests.Event("contentBlockDelta", """{"delta":{"toolUse":{"input":"{\"amount\": \"ten\"}"}},"contentBlockIndex":0}"""),
            EventStreamCodecTests.Event("contentBlockStop", """{"contentBlockIndex":0}"""),
            EventStreamCodecTests.Event("messageStop", """{"stopReason":"tool_use"}"""),
        };
        return [.. frames.SelectMany(f => f)];
    }

    private static BedrockGuardrailOptions Options(string failMode = "closed") =>
        new() { GuardrailIdentifier = "gr-test", GuardrailVersion = "1", StreamSegmentBytes = 40, FailMode = failMode };

    /// <summary>The answer's text as the checks saw it, each check's context (text already checked) dropped.</summary>
    private static string Stitch(IReadOnlyCollection<(string Source, string Text)> calls)
    {
        var seen = new StringBuilder();
        foreach (var (_, text) in calls)
        {
            var overlap = Math.Min(seen.Length, text.Length);
            while (overlap > 0 && !seen.ToString().EndsWith(text[..overlap], StringComparison.Ordinal))
            {
                overlap--;
            }

            seen.Append(text.AsSpan(overlap));
        }

        return seen.ToString();
    }

    /// <summary>A fake ApplyGuardrail: intervenes with <c>action</c> when a text holds the trigger; null: times out.</summary>
    private sealed class FakeGuardrail(string? action) : IGuardrailCaller
    {
        public ConcurrentQueue<(string Source, string Text)> Calls { get; } = new();

        public Task<GuardrailOutcome> ApplyAsync(BedrockGuardrailOptions guardrail, string source, List<TextSpan> texts, CancellationToken cancellationToken)
        {
            Assert.Single(texts);
            Calls.Enqueue((source, texts[0].Text));
            if (action is null)
            {
                return Task.FromResult(GuardrailOutcome.Failure("timeout"));
            }

            if (!texts[0].Text.Contains(Trigger, StringComparison.Ordinal))
            {
                return Task.FromResult(new GuardrailOutcome(false, "", false, [], [texts[0].Text]));
            }

            var policy = action == "BLOCKED" ? new GuardrailPolicyHit("contentPolicy", "MISCONDUCT", action) : new GuardrailPolicyHit("sensitiveInformationPolicy", "NAME", action);
            return Task.FromResult(new GuardrailOutcome(false, "", true, [policy], [texts[0].Text.Replace(Trigger, "{NAME}", StringComparison.Ordinal)]));
        }
    }
}
