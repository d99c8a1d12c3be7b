using System.Net;
using System.Net.Sockets;
using System.Text;
using AiSpm.Benchmarks.Inputs;
using AiSpm.Contracts;
using AiSpm.Detection;
using AiSpm.Gateway.Bedrock;
using AiSpm.Gateway.Bedrock.Guardrails;
using AiSpm.Gateway.Enforcement;
using AiSpm.Gateway.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Benchmarks.Gateway;

/// <summary>
/// What the Bedrock guardrail stage adds to a Converse request. Baseline: the gateway's work on the request without
/// the stage (AiSpm's own scan of the body, then the request re-signed and sent to a local fake Bedrock runtime and its
/// answer read). With the stage, the request's texts also go to ApplyGuardrail on the same local fake (collected,
/// serialized, SigV4-signed, sent, the answer parsed) before forwarding, as <c>BedrockHandler</c> does. Both fakes
/// answer at once, so the difference is the stage's own cost plus one loopback round trip; against Bedrock, add the
/// service's ApplyGuardrail time, which the stage's <c>timeoutMs</c> bounds.
/// </summary>
[MemoryDiagnoser]
public class BedrockGuardrailBenchmarks
{
    private static readonly byte[] ConverseAnswer = Encoding.UTF8.GetBytes(
        """{"output":{"message":{"role":"assistant","content":[{"text":"The weather in Lisbon is sunny today."}]}},"stopReason":"end_turn","usage":{"inputTokens":12,"outputTokens":9,"totalTokens":21},"metrics":{"latencyMs":15}}""");

    private static readonly byte[] GuardrailAnswer = Encoding.UTF8.GetBytes(
        """{"usage":{"topicPolicyUnits":1,"contentPolicyUnits":1,"wordPolicyUnits":1,"sensitiveInformationPolicyUnits":1,"sensitiveInformationPolicyFreeUnits":0,"contextualGroundingPolicyUnits":0},"action":"NONE","outputs":[],"assessments":[]}""");

    private readonly HttpListener _listener = new();
    private readonly ScanContext _scan = new();
    private Task _loop = Task.CompletedTask;
    private BedrockUpstream _upstream = null!;
    private GuardrailStage _stage = null!;
    private Inspector _inspector = null!;
    private BedrockGuardrailOptions _guardrail = null!;
    private ExchangeInfo _exchange = null!;
    private byte[] _body = [];

    [GlobalSetup]
    public void Setup()
    {
        // The gateway signs with its own credentials from AWSSDK.Core's chain; the fake does not check them.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDBENCHGATEWAYAAAA");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "bench-secret-for-the-local-fake");
        var url = "http://127.0.0.1:" + FreePort();
        _listener.Prefixes.Add(url + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
        var options = new BedrockOptions { Endpoint = url, Region = "us-east-1" };
        _upstream = new BedrockUpstream(options);
        var metrics = new GatewayMetrics();
        _stage = new GuardrailStage(new GuardrailClient(_upstream), new GuardrailEvents(new DiscardingSink(), metrics, "bench"), metrics, NullLogger.Instance);
        _guardrail = new BedrockGuardrailOptions { GuardrailIdentifier = "gr-bench", GuardrailVersion = "1", TimeoutMs = 5_000 };
        _exchange = new ExchangeInfo("bedrock_converse", "amazon.nova-lite-v1:0", true, RequestIdentity.Anonymous, new TraceIds("r", "t", "a"));
        _inspector = Inspectors.Load(Inspectors.DefaultEngine());
        var prompt = new StringBuilder("Plan a three-day team offsite in Porto for twelve people. ");
        while (prompt.Length < 2048)
        {
            prompt.Append("We would like a river walk, a visit to the wine lodges and one long dinner with local food. ");
        }

        _body = Encoding.UTF8.GetBytes("{\"system\":[{\"text\":\"You are a helpful travel assistant.\"}],\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + prompt + "\"}]}],\"inferenceConfig\":{\"maxTokens\":400}}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Close();
        _upstream.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task<int> WithoutGuardrail()
    {
        _scan.Reset();
        _inspector.ScanRequestBody(_body, _scan);
        return ForwardAsync();
    }

    [Benchmark]
    public async Task<int> WithGuardrail()
    {
        _scan.Reset();
        _inspector.ScanRequestBody(_body, _scan);
        var verdict = await _stage.RunAsync(_guardrail, "INPUT", BodyTexts.Collect(_body), _exchange, canMask: true, CancellationToken.None).ConfigureAwait(false);
        if (verdict.Decision != GuardrailDecision.Pass)
        {
            throw new InvalidOperationException("the fake guardrail should pass: " + verdict.Decision);
        }

        return await ForwardAsync().ConfigureAwait(false);
    }

    private async Task<int> ForwardAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _upstream.Uri("/model/amazon.nova-lite-v1%3A0/converse"))
        {
            Content = new ReadOnlyMemoryContent(_body),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        if (!await _upstream.TrySignAsync(request, _body).ConfigureAwait(false))
        {
            throw new InvalidOperationException("no credentials");
        }

        using var response = await _upstream.Invoker.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        var answer = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return answer.Length;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.RawUrl ?? string.Empty;
            await context.Request.InputStream.CopyToAsync(Stream.Null).ConfigureAwait(false);
            var answer = path.EndsWith("/apply", StringComparison.Ordinal) ? GuardrailAnswer : ConverseAnswer;
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = answer.Length;
            await context.Response.OutputStream.WriteAsync(answer).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private sealed class DiscardingSink : IDetectionEventSink
    {
        public bool TryEmit(DetectionEvent e) => true;
    }
}
