namespace AiSpm.MockUpstream.Rendering;

internal enum ApiKind
{
    ChatCompletions,
    Completions,
    Responses,
    Embeddings,
    AnthropicMessages,
}
