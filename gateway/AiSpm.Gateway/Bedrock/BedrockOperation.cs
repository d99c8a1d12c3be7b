namespace AiSpm.Gateway.Bedrock;

/// <summary>The Bedrock runtime inference operations the gateway serves.</summary>
internal enum BedrockOperation : byte
{
    Converse,
    ConverseStream,
    InvokeModel,
    InvokeModelWithResponseStream,
}
