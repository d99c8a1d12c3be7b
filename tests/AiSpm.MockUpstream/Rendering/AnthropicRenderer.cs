namespace AiSpm.MockUpstream.Rendering;

/// <summary>Anthropic Messages API bodies and its SSE events (message_start ... message_stop).</summary>
internal static class AnthropicRenderer
{
    public static void Render(ByteBuilder b, in RenderInput input)
    {
        var pieces = Pieces.For(input);
        var tool = input.ToolCall;
        if (!input.Stream)
        {
            b.Write("{\"id\":\"msg_mock\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"u8);
            b.WriteJsonString(input.Model);
            b.Write(",\"content\":["u8);
            if (tool is null)
            {
                b.Write("{\"type\":\"text\",\"text\":"u8);
                b.WriteJsonString(Pieces.Join(pieces));
                b.Write("}"u8);
            }
            else
            {
                b.Write("{\"type\":\"tool_use\",\"id\":\"toolu_mock_0\",\"name\":"u8);
                b.WriteJsonString(tool);
                b.Write(",\"input\":"u8);
                b.Write(System.Text.Encoding.UTF8.GetBytes(Pieces.Join(Pieces.ArgumentPieces(pieces))));
                b.Write("}"u8);
            }

            b.Write("],\"stop_reason\":"u8);
            b.Write(tool is null ? "\"end_turn\""u8 : "\"tool_use\""u8);
            b.Write(",\"stop_sequence\":null,\"usage\":{\"input_tokens\":"u8);
            b.Write(input.PromptTokens);
            b.Write(",\"output_tokens\":"u8);
            b.Write(pieces.Length);
            b.Write("}}"u8);
            return;
        }

        Wire.Event(b, "message_start"u8);
        b.Write("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_mock\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"u8);
        b.WriteJsonString(input.Model);
        b.Write(",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":"u8);
        b.Write(input.PromptTokens);
        b.Write(",\"output_tokens\":1}}}"u8);
        Wire.End(b);

        Wire.Event(b, "content_block_start"u8);
        if (tool is null)
        {
            b.Write("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"u8);
        }
        else
        {
            b.Write("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_mock_0\",\"name\":"u8);
            b.WriteJsonString(tool);
            b.Write(",\"input\":{}}}"u8);
        }

        Wire.End(b);

        Wire.Event(b, "ping"u8);
        b.Write("{\"type\": \"ping\"}"u8);
        Wire.End(b);

        foreach (var piece in tool is null ? pieces : Pieces.ArgumentPieces(pieces))
        {
            Wire.Event(b, "content_block_delta"u8);
            b.Write(tool is null
                ? "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"u8
                : "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"u8);
            b.WriteJsonString(piece);
            b.Write("}}"u8);
            Wire.End(b);
        }

        Wire.Event(b, "content_block_stop"u8);
        b.Write("{\"type\":\"content_block_stop\",\"index\":0}"u8);
        Wire.End(b);

        Wire.Event(b, "message_delta"u8);
        b.Write(tool is null
            ? "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"u8
            : "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"u8);
        b.Write(pieces.Length);
        b.Write("}}"u8);
        Wire.End(b);

        Wire.Event(b, "message_stop"u8);
        b.Write("{\"type\":\"message_stop\"}"u8);
        Wire.End(b);
    }
}
