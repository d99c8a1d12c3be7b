namespace AiSpm.Gateway.Bedrock;

/// <summary>Parses <c>/model/{modelId}/{operation}</c> as the Bedrock runtime API spells it (botocore's requestUri).</summary>
internal static class BedrockRequestPath
{
    public const string Prefix = "/model/";

    /// <param name="wirePath">The path as sent, percent-encoded (SDKs send <c>:</c> in a model id as <c>%3A</c>).</param>
    /// <param name="modelId">The model id, decoded.</param>
    /// <param name="operation">The operation the last segment names.</param>
    public static bool TryParse(string wirePath, out string modelId, out BedrockOperation operation)
    {
        modelId = string.Empty;
        operation = default;
        if (!wirePath.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = wirePath.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var op = rest[(slash + 1)..];
        if (op.SequenceEqual("converse"))
        {
            operation = BedrockOperation.Converse;
        }
        else if (op.SequenceEqual("converse-stream"))
        {
            operation = BedrockOperation.ConverseStream;
        }
        else if (op.SequenceEqual("invoke"))
        {
            operation = BedrockOperation.InvokeModel;
        }
        else if (op.SequenceEqual("invoke-with-response-stream"))
        {
            operation = BedrockOperation.InvokeModelWithResponseStream;
        }
        else
        {
            return false;
        }

        modelId = Uri.UnescapeDataString(rest[..slash].ToString());
        return modelId.Length is > 0 and <= 2048;
    }

    /// <summary>The short route label events and metrics carry.</summary>
    public static string Label(BedrockOperation operation) => operation switch
    {
        BedrockOperation.Converse => "bedrock_converse",
        BedrockOperation.ConverseStream => "bedrock_converse_stream",
        BedrockOperation.InvokeModel => "bedrock_invoke",
        _ => "bedrock_invoke_stream",
    };

    public static bool IsStreaming(BedrockOperation operation) =>
        operation is BedrockOperation.ConverseStream or BedrockOperation.InvokeModelWithResponseStream;
}
