namespace AiSpm.Gateway.Routing;

/// <summary>The paths the gateway understands, and what each implies for routing and inspection.</summary>
internal static class Endpoints
{
    public static EndpointKind Classify(string path) => path switch
    {
        "/v1/chat/completions" => EndpointKind.ChatCompletions,
        "/v1/completions" => EndpointKind.Completions,
        "/v1/responses" => EndpointKind.Responses,
        "/v1/embeddings" => EndpointKind.Embeddings,
        "/v1/messages" => EndpointKind.Messages,
        "/v1/models" => EndpointKind.Models,
        _ => EndpointKind.Other,
    };

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
}
