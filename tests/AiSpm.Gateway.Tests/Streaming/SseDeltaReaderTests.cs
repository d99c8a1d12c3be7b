using System.Text;
using AiSpm.Gateway.Streaming;

namespace AiSpm.Gateway.Tests.Streaming;

public class SseDeltaReaderTests
{
    [Theory]
    [InlineData("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"he\\u006clo\"}}]}", "hello", "")]
    [InlineData("{\"choices\":[{\"index\":0,\"text\":\"plain\"}]}", "plain", "")]
    [InlineData("{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"name\":\"pay\",\"arguments\":\"{\\\"amt\\\":1}\"}}]}}]}", "{\"amt\":1}", "pay")]
    [InlineData("{\"type\":\"response.output_text.delta\",\"delta\":\"abc\"}", "abc", "")]
    [InlineData("{\"type\":\"response.output_text.done\",\"text\":\"abc\"}", "", "")]
    [InlineData("{\"type\":\"response.completed\",\"response\":{\"output\":[{\"content\":[{\"text\":\"abc\"}]}]}}", "", "")]
    [InlineData("{\"type\":\"response.output_item.added\",\"item\":{\"type\":\"function_call\",\"name\":\"send_email\"}}", "", "send_email")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}", "hi", "")]
    [InlineData("{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"wire_money\",\"input\":{}}}", "", "wire_money")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"to\\\"\"}}", "{\"to\"", "")]
    [InlineData("{\"id\":\"msg_1\",\"object\":\"thread.message.delta\",\"delta\":{\"content\":[{\"index\":0,\"type\":\"text\",\"text\":{\"value\":\"from the thread\"}}]}}", "from the thread", "")]
    [InlineData("[DONE]", "", "")]
    public void ExtractsTextAndToolNames(string data, string text, string tool)
    {
        var sink = new RecordingSink();
        Assert.True(SseDeltaReader.Read(Encoding.UTF8.GetBytes(data), ref sink));
        Assert.Equal(text, sink.TextLog.ToString());
        Assert.Equal(tool, sink.ToolLog.ToString());
    }

    [Fact]
    public void LongTextsAreNotTruncated()
    {
        var longText = new string('x', 5000);
        var sink = new RecordingSink();
        Assert.True(SseDeltaReader.Read(Encoding.UTF8.GetBytes("{\"choices\":[{\"delta\":{\"content\":\"" + longText + "\"}}]}"), ref sink));
        Assert.Equal(longText, sink.TextLog.ToString());
    }

    [Fact]
    public void MalformedJsonIsReported()
    {
        var sink = new RecordingSink();
        Assert.False(SseDeltaReader.Read("{\"choices\":[{"u8, ref sink));
    }

    private struct RecordingSink() : IDeltaSink
    {
        public StringBuilder TextLog { get; } = new();

        public StringBuilder ToolLog { get; } = new();

        public readonly void Text(ReadOnlySpan<byte> utf8) => TextLog.Append(Encoding.UTF8.GetString(utf8));

        public readonly void ToolCall(ReadOnlySpan<byte> utf8Name) => ToolLog.Append(Encoding.UTF8.GetString(utf8Name));
    }
}
