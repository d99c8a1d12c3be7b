namespace AiSpm.Gateway.Streaming;

/// <summary>Receives what a streamed event carries for the model's reader: text and tool-call names.</summary>
internal interface IDeltaSink
{
    void Text(ReadOnlySpan<byte> utf8);

    void ToolCall(ReadOnlySpan<byte> utf8Name);
}
