namespace AiSpm.MockUpstream.Serving;

internal enum Fault
{
    None,
    SlowFirstByte,
    ResetMidStream,
    StallMidStream,
    Status500,
    MalformedJson,
    Hang,
}
