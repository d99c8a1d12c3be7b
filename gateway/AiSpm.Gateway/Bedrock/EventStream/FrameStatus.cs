namespace AiSpm.Gateway.Bedrock.EventStream;

/// <summary>What <see cref="EventStreamReader.TryRead"/> found at the start of a buffer.</summary>
internal enum FrameStatus : byte
{
    /// <summary>A whole frame whose checksums and headers are valid.</summary>
    Complete,

    /// <summary>The buffer ends inside a frame (or its prelude): read more.</summary>
    NeedMore,

    /// <summary>A prelude or message checksum does not match, a length is out of range, or a header is malformed.</summary>
    Invalid,
}
