namespace AiSpm.MockUpstream.Rendering;

/// <summary>Legacy OpenAI text_completion bodies and chunks.</summary>
internal static class CompletionsRenderer
{
    private static ReadOnlySpan<byte> Head => "{\"id\":\"cmpl-mock\",\"object\":\"text_completion\",\"created\":1700000000,\"model\":"u8;

    public static void Render(ByteBuilder b, in RenderInput input)
    {
        var pieces = Pieces.For(input);
        if (!input.Stream)
        {
            b.Write(Head);
            b.WriteJsonString(input.Model);
            b.Write(",\"choices\":[{\"text\":"u8);
            b.WriteJsonString(Pieces.Join(pieces));
            b.Write(",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":"u8);
            b.Write(input.PromptTokens);
            b.Write(",\"completion_tokens\":"u8);
            b.Write(pieces.Length);
            b.Write(",\"total_tokens\":"u8);
            b.Write(input.PromptTokens + pieces.Length);
            b.Write("}}"u8);
            return;
        }

        foreach (var piece in pieces)
        {
            Chunk(b, input, piece, null);
        }

        Chunk(b, input, string.Empty, "\"stop\""u8);
        b.Write(Wire.Done);
        b.EndEvent();
    }

    private static void Chunk(ByteBuilder b, in RenderInput input, string text, ReadOnlySpan<byte> finish)
    {
        b.Write(Wire.Data);
        b.Write(Head);
        b.WriteJsonString(input.Model);
        b.Write(",\"choices\":[{\"text\":"u8);
        b.WriteJsonString(text);
        b.Write(",\"index\":0,\"logprobs\":null,\"finish_reason\":"u8);
        b.Write(finish.IsEmpty ? "null"u8 : finish);
        b.Write("}]}"u8);
        Wire.End(b);
    }
}
