namespace AiSpm.Gateway.Events;

/// <summary>One spooled batch (gzip JSON, ready to post) and where the next record starts.</summary>
internal readonly record struct SpoolRecord(byte[] Payload, int EventCount, long Segment, long NextOffset);
