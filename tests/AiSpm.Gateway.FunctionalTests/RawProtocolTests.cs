using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests;

/// <summary>Raw HTTP through the gateway versus directly: Anthropic /v1/messages, legacy completions and /v1/models carry the same event data.</summary>
[Collection(StandardCollection.Name)]
public sealed class RawProtocolTests(StandardGateway env)
{
    private const string AnthropicBody = """{"model":"claude-sonnet-4","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}""";
    private const string AnthropicStreamBody = """{"model":"claude-sonnet-4","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""";

    [Fact]
    public async Task AnthropicMessageThroughTheGatewayIsByteIdentical()
    {
        var (direct, directStatus) = await PostAsync(env.MockUrl, "/v1/messages", AnthropicBody, ("anthropic-version", "2023-06-01"));
        var (through, throughStatus) = await PostAsync(env.GatewayUrl, "/v1/messages", AnthropicBody, ("anthropic-version", "2023-06-01"));

        Assert.Equal(HttpStatusCode.OK, directStatus);
        Assert.Equal(HttpStatusCode.OK, throughStatus);
        Assert.Contains("\"type\":\"message\"", direct, StringComparison.Ordinal);
        Assert.Equal(direct, through);
    }

    [Fact]
    public async Task AnthropicStreamThroughTheGatewayHasIdenticalEventData()
    {
        var (direct, _) = await PostAsync(env.MockUrl, "/v1/messages", AnthropicStreamBody, ("anthropic-version", "2023-06-01"));
        var (through, status) = await PostAsync(env.GatewayUrl, "/v1/messages", AnthropicStreamBody, ("anthropic-version", "2023-06-01"));

        Assert.Equal(HttpStatusCode.OK, status);
        var d = Sse.Parse(direct);
        var t = Sse.Parse(through);
        string[] names = ["message_start", "content_block_start", "ping", "content_block_delta", "content_block_stop", "message_delta", "message_stop"];
        foreach (var name in names)
        {
            Assert.Contains(d, e => e.Name == name);
        }

        Assert.Equal(d, t);
        Assert.True(Sse.EndsWithBlankLine(through), "the relayed stream ends with a complete event");
    }

    [Fact]
    public async Task AnthropicToolUseStreamThroughTheGatewayHasIdenticalEventData()
    {
        (string, string)[] headers = [("anthropic-version", "2023-06-01"), ("x-mock-tool-call", "lookup"), ("x-mock-tokens", "4")];
        // The tool is declared, as a real client would: the gateway rightly blocks calls to undeclared tools.
        const string body = """{"model":"claude-sonnet-4","max_tokens":64,"stream":true,"tools":[{"name":"lookup","description":"look up","input_schema":{"type":"object","properties":{"text":{"type":"string"}}}}],"messages":[{"role":"user","content":"Hi"}]}""";
        var (direct, _) = await PostAsync(env.MockUrl, "/v1/messages", body, headers);
        var (through, _) = await PostAsync(env.GatewayUrl, "/v1/messages", body, headers);

        Assert.Contains("input_json_delta", direct, StringComparison.Ordinal);
        Assert.Equal(Sse.Parse(direct), Sse.Parse(through));
    }

    [Fact]
    public async Task LegacyCompletionsStreamThroughTheGatewayHasIdenticalEventData()
    {
        const string body = """{"model":"gpt-3.5-turbo-instruct","prompt":"Say","stream":true}""";
        var (direct, _) = await PostAsync(env.MockUrl, "/v1/completions", body);
        var (through, status) = await PostAsync(env.GatewayUrl, "/v1/completions", body);

        Assert.Equal(HttpStatusCode.OK, status);
        var t = Sse.Parse(through);
        Assert.Equal(Sse.Parse(direct), t);
        Assert.Equal("[DONE]", t[^1].Data);
    }

    [Fact]
    public async Task LegacyCompletionThroughTheGatewayIsByteIdentical()
    {
        const string body = """{"model":"gpt-3.5-turbo-instruct","prompt":"Say"}""";
        var (direct, _) = await PostAsync(env.MockUrl, "/v1/completions", body);
        var (through, status) = await PostAsync(env.GatewayUrl, "/v1/completions", body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(direct, through);
    }

    [Fact]
    public async Task ChatStreamThroughTheGatewayHasIdenticalEventDataEndingInDone()
    {
        const string body = """{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}""";
        var (direct, _) = await PostAsync(env.MockUrl, "/v1/chat/completions", body, ("x-mock-tokens", "40"));
        var (through, status) = await PostAsync(env.GatewayUrl, "/v1/chat/completions", body, ("x-mock-tokens", "40"));

        Assert.Equal(HttpStatusCode.OK, status);
        var t = Sse.Parse(through);
        Assert.Equal(Sse.Parse(direct), t);
        Assert.Equal("[DONE]", t[^1].Data);
    }

    [Fact]
    public async Task ModelsListThroughTheGatewayIsByteIdentical()
    {
        using var client = Http.Client();
        var direct = await client.GetStringAsync(env.MockUrl + "/v1/models");
        using var response = await client.GetAsync(env.GatewayUrl + "/v1/models");
        var through = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("mock-gpt-4o", direct, StringComparison.Ordinal);
        Assert.Equal(direct, through);
    }

    [Fact]
    public async Task StreamEventsReachTheClientBeforeTheUpstreamFinishes()
    {
        // Twelve 50-byte pieces, 300 ms apart (about 4.5 s in all). The gateway may hold back a little text
        // (streamHoldbackBytes, 96 by default) but a buffering proxy would deliver the first piece only at the end.
        var content = new StringBuilder();
        for (var i = 0; i < 12; i++)
        {
            content.Append(CultureInfo.InvariantCulture, $"seg{i:D2}-").Append('x', 43).Append(' ');
        }

        const string body = """{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"Hi"}]}""";
        using var client = Http.Client();
        using var request = Http.Post(env.GatewayUrl + "/v1/chat/completions", body,
            ("x-mock-content", content.ToString()), ("x-mock-chunk-bytes", "50"), ("x-mock-token-delay-ms", "300"));
        var started = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        TimeSpan? firstContent = null;
        var all = new StringBuilder();
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            all.AppendLine(line);
            if (firstContent is null && line.Contains("seg00-", StringComparison.Ordinal))
            {
                firstContent = started.Elapsed;
            }
        }

        var total = started.Elapsed;
        Assert.True(firstContent is not null, "the first piece never arrived: " + all);
        Assert.True(total - firstContent.Value > TimeSpan.FromMilliseconds(1500), $"the first piece arrived at {firstContent.Value.TotalMilliseconds} ms of {total.TotalMilliseconds} ms: the stream was buffered");
        Assert.Contains("seg11-", all.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(string Body, HttpStatusCode Status)> PostAsync(string baseUrl, string path, string body, params (string, string)[] headers)
    {
        using var client = Http.Client();
        using var request = Http.Post(baseUrl + path, body, headers);
        var (response, text) = await Http.SendAsync(client, request);
        using (response)
        {
            return (text, response.StatusCode);
        }
    }
}
