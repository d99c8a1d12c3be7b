namespace AiSpm.Gateway.Bedrock.Signing;

/// <summary>Why a caller's SigV4 signature was refused, or <see cref="Valid"/>.</summary>
internal enum SigV4Result : byte
{
    Valid,
    MissingAuthorization,
    Malformed,
    UnknownAccessKey,
    WrongService,
    ClockSkew,
    PayloadHashMismatch,
    SignatureMismatch,
}
