namespace AiSpm.MockUpstream.Rendering;

/// <summary>Everything a response depends on. A record struct so the default path can be cached by value.</summary>
internal readonly record struct RenderInput(
    ApiKind ApiKind,
    string Model,
    bool Stream,
    bool IncludeUsage,
    int Tokens,
    int PromptTokens,
    int Inputs,
    bool Base64,
    int Dimensions,
    string? Content,
    int ChunkBytes,
    string? ToolCall);
