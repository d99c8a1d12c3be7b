namespace AiSpm.Gateway.Routing;

internal enum EndpointKind : byte
{
    Other = 0,
    ChatCompletions,
    Completions,
    Responses,
    Embeddings,
    Messages,
    Models,
}
