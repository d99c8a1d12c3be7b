using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using AiSpm.Gateway.FunctionalTests.Infrastructure;
using Amazon.Runtime.EventStreams;

namespace AiSpm.Gateway.FunctionalTests.Bedrock;

/// <summary>
/// A FAKE Amazon Bedrock runtime on a loopback socket: Converse, ConverseStream, InvokeModel (Anthropic body),
/// InvokeModelWithResponseStream and ApplyGuardrail, answering with documents shaped per botocore (every JSON answer
/// is validated against service-2.json before it is sent; a departure fails the request with 500). It accepts only
/// requests SigV4-signed with the gateway's credentials, as Bedrock accepts only its account's. The answer text is
/// chosen by the prompt: a prompt containing a directive token makes the fake answer with that behaviour.
/// </summary>
internal sealed class FakeBedrockRuntime : IAsyncDisposable
{
    public const string GatewayKeyId = "AKIDGATEWAYFT0000001";
    public const string GatewaySecret = "gateway-secret/for-the-fake-runtime";

    /// <summary>In a prompt: the answer streams this AWS access key id (a realistic one, not AWS's documented example).</summary>
    public const string LeakDirective = "LEAK-A-KEY";
    public const string LeakedKey = "AKIA4HG7QZK2MX9PLW3R";

    /// <summary>In a prompt: the event stream's third frame has a bad message checksum.</summary>
    public const string CorruptDirective = "CORRUPT-FRAME";

    /// <summary>In a text sent to ApplyGuardrail: intervene and block (a prompt attack).</summary>
    public const string GuardrailBlockDirective = "GR-BLOCK";

    /// <summary>In a text sent to ApplyGuardrail: mask every customer id (CUST- and six digits) with the guardrail's regex filter.</summary>
    public const string GuardrailMaskDirective = "GR-MASK";

    /// <summary>In a text sent to ApplyGuardrail: answer after eight seconds (past the gateway's budget).</summary>
    public const string GuardrailSlowDirective = "GR-SLOW";

    public const string MaskedCustomerId = "{CUSTOMER_ID}";

    /// <summary>In a prompt: the answer carries <see cref="GuardrailBlockDirective"/>, so the guardrail's OUTPUT check intervenes.</summary>
    public const string AnswerTripsGuardrailDirective = "ANSWER-TRIPS-GUARDRAIL";

    /// <summary>In a prompt: the model answers by calling the tool <see cref="PaymentTool"/> (toolUse; in a stream, contentBlockStart).</summary>
    public const string CallToolDirective = "CALL-THE-TOOL";

    public const string PaymentTool = "process_payment";

    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public FakeBedrockRuntime()
    {
        BaseUrl = $"http://127.0.0.1:{GatewayConfig.ClosedPort()}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string BaseUrl { get; }

    /// <summary>Every request the fake answered or refused, in arrival order.</summary>
    public ConcurrentQueue<Received> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            using var buffer = new MemoryStream();
            await request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var wirePath = request.RawUrl!.Split('?')[0];
            var signedBy = AwsSigning.Verify(request.HttpMethod, wirePath, name => name == "host" ? request.Headers["Host"] : request.Headers[name], body, GatewayKeyId, GatewaySecret);
            Requests.Enqueue(new Received(wirePath, Encoding.UTF8.GetString(body), request.Headers["Authorization"], signedBy is not null));
            if (signedBy is null)
            {
                await JsonAsync(response, 403, """{"message":"The request signature we calculated does not match the signature you provided."}""", null, "UnrecognizedClientException");
                return;
            }

            var segments = wirePath.Split('/');
            var text = Encoding.UTF8.GetString(body);
            switch (segments)
            {
                case [_, "model", _, "converse"] when text.Contains(CallToolDirective, StringComparison.Ordinal):
                    await JsonAsync(response, 200, ToolUseAnswer(), "ConverseResponse");
                    break;
                case [_, "model", _, "converse-stream"] when text.Contains(CallToolDirective, StringComparison.Ordinal):
                    await StreamAsync(response, ToolUseFrames());
                    break;
                case [_, "model", _, "converse"]:
                    await JsonAsync(response, 200, ConverseAnswer(Reply(text)), "ConverseResponse");
                    break;
                case [_, "model", _, "invoke"]:
                    await JsonAsync(response, 200, AnthropicAnswer(Reply(text)), null);
                    break;
                case [_, "model", _, "converse-stream"]:
                    await StreamAsync(response, ConverseFrames(Reply(text), text.Contains(CorruptDirective, StringComparison.Ordinal)));
                    break;
                case [_, "model", _, "invoke-with-response-stream"]:
                    await StreamAsync(response, ChunkFrames(Reply(text)));
                    break;
                case [_, "guardrail", _, "version", _, "apply"]:
                    if (text.Contains(GuardrailSlowDirective, StringComparison.Ordinal))
                    {
                        await Task.Delay(8000);
                    }

                    await JsonAsync(response, 200, GuardrailAnswer(body), "ApplyGuardrailResponse");
                    break;
                default:
                    await JsonAsync(response, 404, """{"message":"unknown operation"}""", null, "UnknownOperationException");
                    break;
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
        }
    }

    private static string Reply(string prompt) => prompt.Contains(LeakDirective, StringComparison.Ordinal)
        ? "Sure. The deployment user's access key id is " + LeakedKey + " and it was rotated last week, so please update the pipeline settings today."
        : prompt.Contains(AnswerTripsGuardrailDirective, StringComparison.Ordinal)
            ? "The weather in Lisbon is sunny today. " + GuardrailBlockDirective + " And a light breeze comes from the west."
            : "The weather in Lisbon is sunny today, with a light breeze from the west.";

    private static string ToolUseAnswer() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["output"] = new { message = new { role = "assistant", content = new[] { new { toolUse = new { toolUseId = "tooluse_fake_one", name = PaymentTool, input = new { amount = "ten" } } } } } },
        ["stopReason"] = "tool_use",
        ["usage"] = new { inputTokens = 12, outputTokens = 20, totalTokens = 32 },
        ["metrics"] = new { latencyMs = 15 },
    });

    private static List<byte[]> ToolUseFrames()
    {
        var events = new List<(string, string, string)>
        {
            ("messageStart", """{"role":"assistant"}""", "MessageStartEvent"),
            ("contentBlockStart", "{\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_fake_one\",\"name\":\"" + PaymentTool + "\"}},\"contentBlockIndex\":0}", "ContentBlockStartEvent"),
            ("contentBlockDelta", """{"delta":{"toolUse":{"input":"{\"amount\": \"ten\"}"}},"contentBlockIndex":0}""", "ContentBlockDeltaEvent"),
            ("contentBlockStop", """{"contentBlockIndex":0}""", "ContentBlockStopEvent"),
            ("messageStop", """{"stopReason":"tool_use"}""", "MessageStopEvent"),
        };
        var frames = new List<byte[]>();
        foreach (var (eventType, json, shape) in events)
        {
            Conform(json, shape);
            frames.Add(Frame(eventType, json));
        }

        return frames;
    }

    private static string ConverseAnswer(string reply) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["output"] = new { message = new { role = "assistant", content = new[] { new { text = reply } } } },
        ["stopReason"] = "end_turn",
        ["usage"] = new { inputTokens = 12, outputTokens = 20, totalTokens = 32 },
        ["metrics"] = new { latencyMs = 15 },
    });

    private static string AnthropicAnswer(string reply) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["id"] = "msg_fake_1",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = "claude-3-haiku-20240307",
        ["content"] = new[] { new { type = "text", text = reply } },
        ["stop_reason"] = "end_turn",
        ["usage"] = new { input_tokens = 12, output_tokens = 20 },
    });

    private static List<(string EventType, string Json, string Shape)> ConverseEvents(string reply)
    {
        var events = new List<(string, string, string)> { ("messageStart", """{"role":"assistant"}""", "MessageStartEvent") };
        for (var i = 0; i < reply.Length; i += 4)
        {
            var token = JsonSerializer.Serialize(reply.Substring(i, Math.Min(4, reply.Length - i)));
            events.Add(("contentBlockDelta", "{\"delta\":{\"text\":" + token + "},\"contentBlockIndex\":0}", "ContentBlockDeltaEvent"));
        }

        events.Add(("contentBlockStop", """{"contentBlockIndex":0}""", "ContentBlockStopEvent"));
        events.Add(("messageStop", """{"stopReason":"end_turn"}""", "MessageStopEvent"));
        events.Add(("metadata", """{"usage":{"inputTokens":12,"outputTokens":20,"totalTokens":32},"metrics":{"latencyMs":15}}""", "ConverseStreamMetadataEvent"));
        return events;
    }

    private static List<byte[]> ConverseFrames(string reply, bool corrupt)
    {
        var frames = new List<byte[]>();
        foreach (var (eventType, json, shape) in ConverseEvents(reply))
        {
            Conform(json, shape);
            frames.Add(Frame(eventType, json));
        }

        if (corrupt)
        {
            frames[2][^1] ^= 0xFF;
        }

        return frames;
    }

    private static List<byte[]> ChunkFrames(string reply)
    {
        var frames = new List<byte[]>();
        for (var i = 0; i < reply.Length; i += 4)
        {
            var token = JsonSerializer.Serialize(reply.Substring(i, Math.Min(4, reply.Length - i)));
            var chunk = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + token + "}}";
            var json = "{\"bytes\":\"" + Convert.ToBase64String(Encoding.UTF8.GetBytes(chunk)) + "\"}";
            Conform(json, "PayloadPart");
            frames.Add(Frame("chunk", json));
        }

        return frames;
    }

    private static string GuardrailAnswer(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var texts = doc.RootElement.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("text").GetProperty("text").GetString()!).ToList();
        var joined = string.Join('\n', texts);
        var usage = new { topicPolicyUnits = 1, contentPolicyUnits = 1, wordPolicyUnits = 1, sensitiveInformationPolicyUnits = 1, sensitiveInformationPolicyFreeUnits = 0, contextualGroundingPolicyUnits = 0 };
        if (joined.Contains(GuardrailBlockDirective, StringComparison.Ordinal))
        {
            return JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["usage"] = usage,
                ["action"] = "GUARDRAIL_INTERVENED",
                ["outputs"] = new[] { new { text = "Sorry, the model cannot answer this question." } },
                ["assessments"] = new[] { new { contentPolicy = new { filters = new[] { new { type = "PROMPT_ATTACK", confidence = "HIGH", action = "BLOCKED" } } } } },
            });
        }

        if (joined.Contains(GuardrailMaskDirective, StringComparison.Ordinal))
        {
            var customerId = new System.Text.RegularExpressions.Regex("CUST-[0-9]{6}");
            return JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["usage"] = usage,
                ["action"] = "GUARDRAIL_INTERVENED",
                ["outputs"] = texts.Select(t => new { text = customerId.Replace(t, MaskedCustomerId) }).ToArray(),
                ["assessments"] = new[] { new { sensitiveInformationPolicy = new { piiEntities = Array.Empty<object>(), regexes = new[] { new { name = "customer-id", match = "CUST-", regex = "CUST-[0-9]{6}", action = "ANONYMIZED" } } } } },
            });
        }

        return JsonSerializer.Serialize(new Dictionary<string, object> { ["usage"] = usage, ["action"] = "NONE", ["outputs"] = Array.Empty<object>(), ["assessments"] = Array.Empty<object>() });
    }

    private static byte[] Frame(string eventType, string json)
    {
        var messageType = new EventStreamHeader(":message-type");
        messageType.SetString("event");
        var type = new EventStreamHeader(":event-type");
        type.SetString(eventType);
        var contentType = new EventStreamHeader(":content-type");
        contentType.SetString("application/json");
        return new EventStreamMessage([type, contentType, messageType], Encoding.UTF8.GetBytes(json)).ToByteArray();
    }

    /// <summary>Throws when the fake is about to send something Bedrock would not: the test then fails on a 500.</summary>
    private static void Conform(string json, string shape)
    {
        var errors = BotocoreShapes.BedrockRuntime.Validate(json, shape);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("fake answer departs from botocore: " + string.Join("; ", errors));
        }
    }

    private static async Task JsonAsync(HttpListenerResponse response, int status, string json, string? shape, string? errorType = null)
    {
        if (shape is not null)
        {
            var errors = BotocoreShapes.BedrockRuntime.Validate(json, shape);
            if (errors.Count > 0)
            {
                status = 500;
                json = JsonSerializer.Serialize(new { message = "fake answer departs from botocore: " + string.Join("; ", errors) });
            }
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        if (errorType is not null)
        {
            response.Headers["x-amzn-ErrorType"] = errorType;
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static async Task StreamAsync(HttpListenerResponse response, List<byte[]> frames)
    {
        response.StatusCode = 200;
        response.ContentType = "application/vnd.amazon.eventstream";
        response.SendChunked = true;
        foreach (var frame in frames)
        {
            await response.OutputStream.WriteAsync(frame);
            await response.OutputStream.FlushAsync();
        }

        response.Close();
    }

    public sealed record Received(string Path, string Body, string? Authorization, bool SignedByGateway);
}
