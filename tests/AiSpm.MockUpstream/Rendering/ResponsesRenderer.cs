namespace AiSpm.MockUpstream.Rendering;

/// <summary>OpenAI Responses API bodies and its typed SSE events (event: + data:, sequence_number, no [DONE]).</summary>
internal static class ResponsesRenderer
{
    public static void Render(ByteBuilder b, in RenderInput input)
    {
        var pieces = Pieces.For(input);
        var tool = input.ToolCall;
        if (!input.Stream)
        {
            Response(b, input, pieces, completed: true);
            return;
        }

        var seq = 0;
        Begin(b, "response.created"u8, ref seq);
        b.Write(",\"response\":"u8);
        Response(b, input, pieces, completed: false);
        End(b);

        Begin(b, "response.in_progress"u8, ref seq);
        b.Write(",\"response\":"u8);
        Response(b, input, pieces, completed: false);
        End(b);

        Begin(b, "response.output_item.added"u8, ref seq);
        b.Write(",\"output_index\":0,\"item\":"u8);
        Item(b, tool, pieces, completed: false);
        End(b);

        if (tool is null)
        {
            Begin(b, "response.content_part.added"u8, ref seq);
            b.Write(",\"item_id\":\"msg_mock\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"\"}"u8);
            End(b);
            foreach (var piece in pieces)
            {
                Begin(b, "response.output_text.delta"u8, ref seq);
                b.Write(",\"item_id\":\"msg_mock\",\"output_index\":0,\"content_index\":0,\"delta\":"u8);
                b.WriteJsonString(piece);
                b.Write(",\"logprobs\":[]"u8);
                End(b);
            }

            Begin(b, "response.output_text.done"u8, ref seq);
            b.Write(",\"item_id\":\"msg_mock\",\"output_index\":0,\"content_index\":0,\"text\":"u8);
            b.WriteJsonString(Pieces.Join(pieces));
            b.Write(",\"logprobs\":[]"u8);
            End(b);

            Begin(b, "response.content_part.done"u8, ref seq);
            b.Write(",\"item_id\":\"msg_mock\",\"output_index\":0,\"content_index\":0,\"part\":"u8);
            Part(b, pieces);
            End(b);
        }
        else
        {
            var args = Pieces.ArgumentPieces(pieces);
            foreach (var piece in args)
            {
                Begin(b, "response.function_call_arguments.delta"u8, ref seq);
                b.Write(",\"item_id\":\"fc_mock\",\"output_index\":0,\"delta\":"u8);
                b.WriteJsonString(piece);
                End(b);
            }

            Begin(b, "response.function_call_arguments.done"u8, ref seq);
            b.Write(",\"item_id\":\"fc_mock\",\"output_index\":0,\"arguments\":"u8);
            b.WriteJsonString(Pieces.Join(args));
            End(b);
        }

        Begin(b, "response.output_item.done"u8, ref seq);
        b.Write(",\"output_index\":0,\"item\":"u8);
        Item(b, tool, pieces, completed: true);
        End(b);

        Begin(b, "response.completed"u8, ref seq);
        b.Write(",\"response\":"u8);
        Response(b, input, pieces, completed: true);
        End(b);
    }

    private static void Begin(ByteBuilder b, ReadOnlySpan<byte> type, ref int seq)
    {
        Wire.Event(b, type);
        b.Write("{\"type\":\""u8);
        b.Write(type);
        b.Write("\",\"sequence_number\":"u8);
        b.Write(seq++);
    }

    private static void End(ByteBuilder b)
    {
        b.Write("}"u8);
        Wire.End(b);
    }

    private static void Response(ByteBuilder b, in RenderInput input, string[] pieces, bool completed)
    {
        b.Write("{\"id\":\"resp_mock\",\"object\":\"response\",\"created_at\":1700000000,\"status\":"u8);
        b.Write(completed ? "\"completed\""u8 : "\"in_progress\""u8);
        b.Write(",\"background\":false,\"error\":null,\"incomplete_details\":null,\"instructions\":null,\"max_output_tokens\":null,\"model\":"u8);
        b.WriteJsonString(input.Model);
        b.Write(",\"output\":["u8);
        if (completed)
        {
            Item(b, input.ToolCall, pieces, completed: true);
        }

        b.Write("],\"parallel_tool_calls\":true,\"previous_response_id\":null,\"reasoning\":{\"effort\":null,\"summary\":null},\"service_tier\":\"default\",\"store\":false,\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"}},\"tool_choice\":\"auto\",\"tools\":[],\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":"u8);
        if (completed)
        {
            b.Write("{\"input_tokens\":"u8);
            b.Write(input.PromptTokens);
            b.Write(",\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":"u8);
            b.Write(pieces.Length);
            b.Write(",\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":"u8);
            b.Write(input.PromptTokens + pieces.Length);
            b.Write("}"u8);
        }
        else
        {
            b.Write("null"u8);
        }

        b.Write(",\"user\":null,\"metadata\":{}}"u8);
    }

    private static void Item(ByteBuilder b, string? tool, string[] pieces, bool completed)
    {
        if (tool is not null)
        {
            b.Write("{\"id\":\"fc_mock\",\"type\":\"function_call\",\"status\":"u8);
            b.Write(completed ? "\"completed\""u8 : "\"in_progress\""u8);
            b.Write(",\"arguments\":"u8);
            b.WriteJsonString(completed ? Pieces.Join(Pieces.ArgumentPieces(pieces)) : string.Empty);
            b.Write(",\"call_id\":\"call_mock_0\",\"name\":"u8);
            b.WriteJsonString(tool);
            b.Write("}"u8);
            return;
        }

        b.Write("{\"id\":\"msg_mock\",\"type\":\"message\",\"status\":"u8);
        b.Write(completed ? "\"completed\""u8 : "\"in_progress\""u8);
        b.Write(",\"content\":["u8);
        if (completed)
        {
            Part(b, pieces);
        }

        b.Write("],\"role\":\"assistant\"}"u8);
    }

    private static void Part(ByteBuilder b, string[] pieces)
    {
        b.Write("{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":"u8);
        b.WriteJsonString(Pieces.Join(pieces));
        b.Write("}"u8);
    }
}
