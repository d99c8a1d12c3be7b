using System.Buffers.Binary;

namespace AiSpm.MockUpstream.Rendering;

/// <summary>OpenAI embeddings list; float arrays or base64 of little-endian float32, as the client asks.</summary>
internal static class EmbeddingsRenderer
{
    public static void Render(ByteBuilder b, in RenderInput input)
    {
        b.Write("{\"object\":\"list\",\"data\":["u8);
        Span<byte> raw = stackalloc byte[4 * 256];
        var dims = Math.Clamp(input.Dimensions, 1, 256);
        for (var i = 0; i < input.Inputs; i++)
        {
            if (i > 0)
            {
                b.Write(","u8);
            }

            b.Write("{\"object\":\"embedding\",\"index\":"u8);
            b.Write(i);
            b.Write(",\"embedding\":"u8);
            if (input.Base64)
            {
                for (var j = 0; j < dims; j++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(raw[(4 * j)..], Value(i, j));
                }

                b.Write("\""u8);
                b.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(raw[..(4 * dims)])));
                b.Write("\""u8);
            }
            else
            {
                b.Write("["u8);
                for (var j = 0; j < dims; j++)
                {
                    if (j > 0)
                    {
                        b.Write(","u8);
                    }

                    b.Write(System.Text.Encoding.ASCII.GetBytes(Value(i, j).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
                }

                b.Write("]"u8);
            }

            b.Write("}"u8);
        }

        b.Write("],\"model\":"u8);
        b.WriteJsonString(input.Model);
        b.Write(",\"usage\":{\"prompt_tokens\":"u8);
        b.Write(input.PromptTokens);
        b.Write(",\"total_tokens\":"u8);
        b.Write(input.PromptTokens);
        b.Write("}}"u8);
    }

    /// <summary>Deterministic values that are exact in float32 (multiples of 1/16), so text and base64 agree.</summary>
    public static float Value(int input, int dim) => (((input * 7) + (dim * 3)) % 17 - 8) / 16f;
}
