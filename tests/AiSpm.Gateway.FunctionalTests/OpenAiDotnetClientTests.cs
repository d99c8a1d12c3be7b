using System.Text;
using AiSpm.Gateway.FunctionalTests.Infrastructure;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Responses;

namespace AiSpm.Gateway.FunctionalTests;

/// <summary>The official OpenAI .NET client sees the same thing through the gateway as directly from the mock upstream.</summary>
[Collection(StandardCollection.Name)]
public sealed class OpenAiDotnetClientTests(StandardGateway env)
{
    private const string Expected16 = "tok0 tok1 tok2 tok3 tok4 tok5 tok6 tok7 tok8 tok9 tok10 tok11 tok12 tok13 tok14 tok15 ";

    [Fact]
    public async Task ChatCompletionThroughTheGatewayEqualsTheDirectAnswer()
    {
        var direct = await CompleteAsync(env.MockUrl);
        var through = await CompleteAsync(env.GatewayUrl);

        Assert.Equal(Expected16, direct.Content[0].Text);
        Assert.Equal(direct.Content[0].Text, through.Content[0].Text);
        Assert.Equal(direct.Id, through.Id);
        Assert.Equal(direct.Model, through.Model);
        Assert.Equal(ChatFinishReason.Stop, through.FinishReason);
        Assert.Equal(direct.Usage.InputTokenCount, through.Usage.InputTokenCount);
        Assert.Equal(direct.Usage.OutputTokenCount, through.Usage.OutputTokenCount);

        static async Task<ChatCompletion> CompleteAsync(string baseUrl)
            => (await Clients.OpenAi(baseUrl).GetChatClient("gpt-4o-mini").CompleteChatAsync([new UserChatMessage("Say something.")])).Value;
    }

    [Fact]
    public async Task ChatStreamingThroughTheGatewayHasTheSameUpdateSequence()
    {
        var direct = await StreamAsync(env.MockUrl);
        var through = await StreamAsync(env.GatewayUrl);

        Assert.Equal(Expected16, Text(direct));
        Assert.True(direct.Count >= 18, "the mock sends a role chunk, 16 content chunks, a finish chunk and a usage chunk");
        Assert.Equal(direct, through);

        static async Task<List<string>> StreamAsync(string baseUrl)
        {
            var updates = new List<string>();
            await foreach (var u in Clients.OpenAi(baseUrl).GetChatClient("gpt-4o").CompleteChatStreamingAsync([new UserChatMessage("Stream something.")]))
            {
                updates.Add(Describe(u));
            }

            return updates;
        }
    }

    [Fact]
    public async Task ChatStreamingToolCallThroughTheGatewayHasTheSameUpdateSequence()
    {
        var direct = await StreamAsync(env.MockUrl);
        var through = await StreamAsync(env.GatewayUrl);

        Assert.Contains(direct, d => d.Contains("tool:0:call_mock_0:get_weather", StringComparison.Ordinal));
        Assert.Contains(direct, d => d.Contains("finish:ToolCalls", StringComparison.Ordinal));
        Assert.Equal(direct, through);

        static async Task<List<string>> StreamAsync(string baseUrl)
        {
            var updates = new List<string>();
            var client = Clients.OpenAi(baseUrl, ("x-mock-tool-call", "get_weather"), ("x-mock-tokens", "3")).GetChatClient("gpt-4o");
            var options = new ChatCompletionOptions { Tools = { ChatTool.CreateFunctionTool("get_weather", "weather") } };
            await foreach (var u in client.CompleteChatStreamingAsync([new UserChatMessage("Weather?")], options))
            {
                updates.Add(Describe(u));
            }

            return updates;
        }
    }

    [Fact]
    public async Task EmbeddingsThroughTheGatewayEqualTheDirectVectors()
    {
        var direct = await EmbedAsync(env.MockUrl);
        var through = await EmbedAsync(env.GatewayUrl);

        Assert.Equal(2, direct.Count);
        Assert.Equal(8, direct[0].Length);
        Assert.Equal(-0.5f, direct[0][0]);
        Assert.Equal(direct.Count, through.Count);
        for (var i = 0; i < direct.Count; i++)
        {
            Assert.Equal(direct[i], through[i]);
        }

        static async Task<List<float[]>> EmbedAsync(string baseUrl)
        {
            var result = await Clients.OpenAi(baseUrl).GetEmbeddingClient("text-embedding-3-small").GenerateEmbeddingsAsync(["first", "second"]);
            var vectors = new List<float[]>();
            foreach (var e in result.Value)
            {
                vectors.Add(e.ToFloats().ToArray());
            }

            return vectors;
        }
    }

    [Fact]
    public async Task GatewayErrorsReachTheClientAsOpenAiErrors()
    {
        var client = Clients.OpenAi(env.GatewayUrl).GetChatClient("unrouted-model");

        var e = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")]));

        Assert.Equal(400, e.Status);
        var raw = e.GetRawResponse();
        Assert.NotNull(raw);
        ErrorAssert.Shape(raw.Content.ToString(), "no_route");
    }

#pragma warning disable OPENAI001 // the Responses client is marked experimental in OpenAI 2.15.0
    [Fact]
    public async Task ResponsesCallThroughTheGatewayEqualsTheDirectAnswer()
    {
        var direct = (await Clients.OpenAi(env.MockUrl).GetResponsesClient().CreateResponseAsync("gpt-4o", "Hello")).Value;
        var through = (await Clients.OpenAi(env.GatewayUrl).GetResponsesClient().CreateResponseAsync("gpt-4o", "Hello")).Value;

        Assert.Equal(Expected16, direct.GetOutputText());
        Assert.Equal(direct.GetOutputText(), through.GetOutputText());
        Assert.Equal(direct.Id, through.Id);
        Assert.Equal(direct.Status, through.Status);
        Assert.Equal(direct.Usage.OutputTokenCount, through.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task ResponsesStreamingThroughTheGatewayHasTheSameEventSequence()
    {
        var direct = await StreamAsync(env.MockUrl);
        var through = await StreamAsync(env.GatewayUrl);

        Assert.Equal("0:response.created", direct[0]);
        Assert.Contains(direct, d => d.Contains(":response.output_text.delta:tok15 ", StringComparison.Ordinal));
        Assert.EndsWith(":response.completed:" + Expected16, direct[^1], StringComparison.Ordinal);
        Assert.Equal(direct, through);

        static async Task<List<string>> StreamAsync(string baseUrl)
        {
            var events = new List<string>();
            var client = Clients.OpenAi(baseUrl).GetResponsesClient();
            await foreach (var u in await client.CreateResponseStreamingAsync("gpt-4o", "Hello"))
            {
                events.Add(u switch
                {
                    StreamingResponseOutputTextDeltaUpdate d => $"{u.SequenceNumber}:{u.Kind}:{d.Delta}",
                    StreamingResponseCompletedUpdate c => $"{u.SequenceNumber}:{u.Kind}:{c.Response.GetOutputText()}",
                    _ => $"{u.SequenceNumber}:{u.Kind}",
                });
            }

            return events;
        }
    }
#pragma warning restore OPENAI001

    private static string Text(List<string> updates)
    {
        var sb = new StringBuilder();
        foreach (var u in updates)
        {
            var i = u.IndexOf("|content:", StringComparison.Ordinal);
            if (i >= 0)
            {
                sb.Append(u[(i + "|content:".Length)..u.IndexOf("|end", i, StringComparison.Ordinal)]);
            }
        }

        return sb.ToString();
    }

    private static string Describe(StreamingChatCompletionUpdate u)
    {
        var sb = new StringBuilder();
        sb.Append("id:").Append(u.CompletionId).Append("|model:").Append(u.Model);
        if (u.Role is { } role)
        {
            sb.Append("|role:").Append(role);
        }

        foreach (var part in u.ContentUpdate)
        {
            sb.Append("|content:").Append(part.Text).Append("|end");
        }

        foreach (var t in u.ToolCallUpdates)
        {
            sb.Append("|tool:").Append(t.Index).Append(':').Append(t.ToolCallId).Append(':').Append(t.FunctionName)
                .Append(':').Append(t.FunctionArgumentsUpdate?.ToString());
        }

        if (u.FinishReason is { } finish)
        {
            sb.Append("|finish:").Append(finish);
        }

        if (u.Usage is { } usage)
        {
            sb.Append("|usage:").Append(usage.InputTokenCount).Append('/').Append(usage.OutputTokenCount);
        }

        return sb.ToString();
    }
}
