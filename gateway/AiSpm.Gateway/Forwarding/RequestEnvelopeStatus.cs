namespace AiSpm.Gateway.Forwarding;

internal enum RequestEnvelopeStatus : byte
{
    Ok,
    InvalidJson,
    NotAnObject,
}
