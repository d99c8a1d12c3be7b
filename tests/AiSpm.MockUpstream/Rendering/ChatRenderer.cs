namespace AiSpm.MockUpstream.Rendering;

/// <summary>OpenAI chat.completion and chat.completion.chunk bodies, shaped like the real API's.</summary>
internal static class ChatRenderer
{
    private static ReadOnlySpan<byte> Head => "{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":"u8;

    private static ReadOnlySpan<byte> ChunkHead => "{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":"u8;

    public static void Render(ByteBuilder b, in RenderInput input)
    {
        var pieces = Pieces.For(input);
        if (input.Stream)
        {
            RenderStream(b, input, pieces);
            return;
        }

        b.Write(Head);
        b.WriteJsonString(input.Model);
        b.Write(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"u8);
        if (input.ToolCall is null)
        {
            b.WriteJsonString(Pieces.Join(pieces));
        }
        else
        {
            b.Write("null,\"tool_calls\":[{\"id\":\"call_mock_0\",\"type\":\"function\",\"function\":{\"name\":"u8);
            b.WriteJsonString(input.ToolCall);
            b.Write(",\"arguments\":"u8);
            b.WriteJsonString(Pieces.Join(Pieces.ArgumentPieces(pieces)));
            b.Write("}}]"u8);
        }

        b.Write(",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":"u8);
        b.Write(input.ToolCall is null ? "\"stop\""u8 : "\"tool_calls\""u8);
        b.Write("}],\"usage\":"u8);
        Usage(b, input.PromptTokens, pieces.Length);
        b.Write(",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_mock\"}"u8);
    }

    private static void RenderStream(ByteBuilder b, in RenderInput input, string[] pieces)
    {
        StartChunk(b, input);
        if (input.ToolCall is null)
        {
            b.Write("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}"u8);
        }
        else
        {
            b.Write("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_mock_0\",\"type\":\"function\",\"function\":{\"name\":"u8);
            b.WriteJsonString(input.ToolCall);
            b.Write(",\"arguments\":\"\"}}],\"refusal\":null}"u8);
        }

        EndChunk(b, input, default);

        var deltas = input.ToolCall is null ? pieces : Pieces.ArgumentPieces(pieces);
        foreach (var piece in deltas)
        {
            StartChunk(b, input);
            if (input.ToolCall is null)
            {
                b.Write("{\"content\":"u8);
                b.WriteJsonString(piece);
                b.Write("}"u8);
            }
            else
            {
                b.Write("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"u8);
                b.WriteJsonString(piece);
                b.Write("}}]}"u8);
            }

            EndChunk(b, input, default);
        }

        StartChunk(b, input);
        b.Write("{}"u8);
        EndChunk(b, input, input.ToolCall is null ? "\"stop\""u8 : "\"tool_calls\""u8);

        if (input.IncludeUsage)
        {
            b.Write(Wire.Data);
            b.Write(ChunkHead);
            b.WriteJsonString(input.Model);
            b.Write(",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_mock\",\"choices\":[],\"usage\":"u8);
            Usage(b, input.PromptTokens, pieces.Length);
            b.Write("}"u8);
            Wire.End(b);
        }

        b.Write(Wire.Done);
        b.EndEvent();
    }

    private static void StartChunk(ByteBuilder b, in RenderInput input)
    {
        b.Write(Wire.Data);
        b.Write(ChunkHead);
        b.WriteJsonString(input.Model);
        b.Write(",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_mock\",\"choices\":[{\"index\":0,\"delta\":"u8);
    }

    private static void EndChunk(ByteBuilder b, in RenderInput input, ReadOnlySpan<byte> finishReason)
    {
        b.Write(",\"logprobs\":null,\"finish_reason\":"u8);
        b.Write(finishReason.IsEmpty ? "null"u8 : finishReason);
        b.Write("}]"u8);
        if (input.IncludeUsage)
        {
            b.Write(",\"usage\":null"u8);
        }

        b.Write("}"u8);
        Wire.End(b);
    }

    public static void Usage(ByteBuilder b, int prompt, int completion)
    {
        b.Write("{\"prompt_tokens\":"u8);
        b.Write(prompt);
        b.Write(",\"completion_tokens\":"u8);
        b.Write(completion);
        b.Write(",\"total_tokens\":"u8);
        b.Write(prompt + completion);
        b.Write(",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}"u8);
    }
}
