namespace AiSpm.Gateway.Routing;

/// <summary>The paths the gateway understands, and what each implies for routing and inspection.</summary>
internal static class Endpoints
{
    /// <summary>The endpoint a request path names; every path that is not a known endpoint is <see cref="EndpointKind.Other"/>.</summary>
    /// <remarks>
    /// Case and trailing slashes are ignored: a provider that routes <c>/V1/Chat/Completions/</c> to its chat endpoint
    /// must not let that spelling past the scan. A request so spelled is forwarded to the canonical path.
    /// </remarks>
    public static EndpointKind Classify(string path)
    {
        var p = path.AsSpan().TrimEnd('/');
        if (p.Length < 4 || !p.StartsWith("/v1/", StringComparison.OrdinalIgnoreCase))
        {
            return EndpointKind.Other;
        }

        var rest = p[3..];
        return Is(rest, "/chat/completions") ? EndpointKind.ChatCompletions
            : Is(rest, "/completions") ? EndpointKind.Completions
            : Is(rest, "/responses") ? EndpointKind.Responses
            : Is(rest, "/embeddings") ? EndpointKind.Embeddings
            : Is(rest, "/messages") ? EndpointKind.Messages
            : Is(rest, "/models") ? EndpointKind.Models
            : EndpointKind.Other;
    }

    /// <summary>A short, bounded label for metrics and events.</summary>
    public static string Label(EndpointKind kind) => kind switch
    {
        EndpointKind.ChatCompletions => "chat_completions",
        EndpointKind.Completions => "completions",
        EndpointKind.Responses => "responses",
        EndpointKind.Embeddings => "embeddings",
        EndpointKind.Messages => "messages",
        EndpointKind.Models => "models",
        _ => "other",
    };

    /// <summary>Endpoints whose response text the model wrote and the response phase scans.</summary>
    public static bool HasModelOutput(EndpointKind kind) =>
        kind is EndpointKind.ChatCompletions or EndpointKind.Completions or EndpointKind.Responses or EndpointKind.Messages;

    /// <summary>The path after '/v1', appended to an upstream base URL that already ends in its version segment.</summary>
    public static string UpstreamSuffix(EndpointKind kind, string path) => kind switch
    {
        EndpointKind.ChatCompletions => "/chat/completions",
        EndpointKind.Completions => "/completions",
        EndpointKind.Responses => "/responses",
        EndpointKind.Embeddings => "/embeddings",
        EndpointKind.Messages => "/messages",
        EndpointKind.Models => "/models",
        _ => path.Length > 3 ? path[3..] : "",
    };

    private static bool Is(ReadOnlySpan<char> rest, string suffix) => rest.Equals(suffix, StringComparison.OrdinalIgnoreCase);
}
