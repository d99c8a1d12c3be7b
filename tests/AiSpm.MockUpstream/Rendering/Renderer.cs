using System.Collections.Concurrent;

namespace AiSpm.MockUpstream.Rendering;

/// <summary>Renders a response once per distinct input and keeps it, so the load-test path only copies bytes.</summary>
internal static class Renderer
{
    private const int MaxCached = 4096;
    private static readonly ConcurrentDictionary<RenderInput, Rendered> Cache = new();

    public static Rendered Get(in RenderInput input)
    {
        if (Cache.TryGetValue(input, out var cached))
        {
            return cached;
        }

        var rendered = Render(input);
        // Test-specific content (secrets, attacks) is not worth keeping; the default token path is.
        if (input.Content is null && Cache.Count < MaxCached)
        {
            Cache.TryAdd(input, rendered);
        }

        return rendered;
    }

    private static Rendered Render(in RenderInput input)
    {
        using var b = new ByteBuilder();
        switch (input.ApiKind)
        {
            case ApiKind.ChatCompletions:
                ChatRenderer.Render(b, input);
                break;
            case ApiKind.Completions:
                CompletionsRenderer.Render(b, input);
                break;
            case ApiKind.Responses:
                ResponsesRenderer.Render(b, input);
                break;
            case ApiKind.Embeddings:
                EmbeddingsRenderer.Render(b, input);
                break;
            default:
                AnthropicRenderer.Render(b, input);
                break;
        }

        return b.ToRendered();
    }
}
