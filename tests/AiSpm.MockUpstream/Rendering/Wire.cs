namespace AiSpm.MockUpstream.Rendering;

/// <summary>Fixed protocol literals shared by the renderers. Ids and timestamps are constant so the output is deterministic.</summary>
internal static class Wire
{
    public const long Created = 1700000000;

    public static ReadOnlySpan<byte> Data => "data: "u8;

    public static ReadOnlySpan<byte> EventEnd => "\n\n"u8;

    public static ReadOnlySpan<byte> Done => "data: [DONE]\n\n"u8;

    public static void Event(ByteBuilder b, ReadOnlySpan<byte> name)
    {
        b.Write("event: "u8);
        b.Write(name);
        b.Write("\ndata: "u8);
    }

    public static void End(ByteBuilder b)
    {
        b.Write(EventEnd);
        b.EndEvent();
    }
}
