using AiSpm.Detection;
using AiSpm.Gateway.Buffers;

namespace AiSpm.Gateway.Streaming;

/// <summary>
/// Feeds streamed deltas to stream-mode detection and keeps the text for evidence; with <paramref name="pending"/>,
/// also keeps every byte of text not yet checked by a later stage (the Bedrock guardrail), which bounds it itself.
/// </summary>
internal struct StreamScanSink(StreamInspector inspector, PooledBody textLog, int maxLogBytes, PooledBody? pending = null) : IDeltaSink
{
    public void Text(ReadOnlySpan<byte> utf8)
    {
        inspector.FeedText(utf8);
        pending?.Append(utf8);
        if (textLog.Length + utf8.Length <= maxLogBytes)
        {
            textLog.Append(utf8);
        }
    }

    public readonly void ToolCall(ReadOnlySpan<byte> utf8Name) => inspector.FeedToolCall(utf8Name);
}
