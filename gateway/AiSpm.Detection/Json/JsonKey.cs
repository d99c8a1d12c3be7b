namespace AiSpm.Detection.Json;

/// <summary>The property names the body walker cares about.</summary>
internal enum JsonKey : byte
{
    Other = 0,
    Tools,
    Function,
    ToolCalls,
    FunctionCall,
    Name,
    Type,
    Skip,
    SkipSubtree,

    /// <summary>A <c>data</c> value: base64 media (skipped) or an Anthropic plain-text document (scanned).</summary>
    Data,
}
