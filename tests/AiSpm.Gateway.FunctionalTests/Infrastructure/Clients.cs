using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;

namespace AiSpm.Gateway.FunctionalTests.Infrastructure;

/// <summary>The official OpenAI .NET client pointed at a base URL, without retries (a retry would hide a failure) and with a bounded timeout.</summary>
internal static class Clients
{
    public static OpenAIClient OpenAi(string baseUrl, params (string Name, string Value)[] headers)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(baseUrl + "/v1"),
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = Http.Timeout,
        };
        if (headers.Length > 0)
        {
            options.AddPolicy(new HeaderPolicy(headers), PipelinePosition.PerCall);
        }

        return new OpenAIClient(new ApiKeyCredential("sk-client-test-key"), options);
    }

    private sealed class HeaderPolicy((string Name, string Value)[] headers) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Add(PipelineMessage message)
        {
            foreach (var (name, value) in headers)
            {
                message.Request.Headers.Set(name, value);
            }
        }
    }
}
