using System.Buffers;
using System.Text.Json;
using AiSpm.Gateway.Errors;

namespace AiSpm.Gateway.Bedrock;

/// <summary>
/// Errors on the Bedrock paths: the gateway's stable OpenAI-style error object, plus what the AWS SDKs read
/// (<c>x-amzn-ErrorType</c> and a top-level <c>message</c>), so an SDK raises a modeled exception with the reason.
/// </summary>
internal static class BedrockErrors
{
    public const string ErrorTypeHeader = "x-amzn-ErrorType";

    public static readonly GatewayError UnknownOperation = new(404, "invalid_request_error", "unknown_path", "This Bedrock runtime operation is not served by the gateway (Converse, ConverseStream, InvokeModel and InvokeModelWithResponseStream are).");
    public static readonly GatewayError MissingSignature = new(403, "authentication_error", "missing_signature", "The request carries no AWS SigV4 Authorization header.");
    public static readonly GatewayError InvalidSignature = new(403, "authentication_error", "invalid_signature", "The request's AWS SigV4 signature does not verify against the gateway's caller keys.");
    public static readonly GatewayError UnknownAccessKey = new(403, "authentication_error", "unknown_access_key", "The access key id is not one of the gateway's caller keys.");
    public static readonly GatewayError SignatureExpired = new(403, "authentication_error", "signature_expired", "The request's x-amz-date is too far from the gateway's clock.");
    public static readonly GatewayError UpstreamCredentials = new(500, "api_error", "upstream_credentials_unavailable", "The gateway has no AWS credentials of its own to sign the forwarded request.");
    public static readonly GatewayError GuardrailUnavailable = new(503, "api_error", "guardrail_unavailable", "The Bedrock guardrail did not answer in time and the gateway is configured to fail closed.");
    public static readonly GatewayError UpstreamBadFrame = new(502, "api_error", "upstream_bad_response", "The upstream sent an event-stream frame with a bad checksum or length.");

    public static GatewayError GuardrailBlocked(string guardrail, string phase) =>
        new(403, "aispm_blocked", "bedrock_guardrail", $"Blocked by AiSpm: the Bedrock guardrail {guardrail} intervened on the {phase}.");

    /// <summary>The modeled AWS exception an SDK maps the status to.</summary>
    public static string AwsErrorType(int status) => status switch
    {
        403 => "AccessDeniedException",
        404 => "ResourceNotFoundException",
        429 => "ThrottlingException",
        >= 400 and < 500 => "ValidationException",
        503 or 504 => "ServiceUnavailableException",
        _ => "InternalServerException",
    };

    /// <summary>The stream-union member (<c>:exception-type</c>) for an error that ends an event stream.</summary>
    public static string StreamExceptionType(GatewayError error) => error.Status switch
    {
        403 => "modelStreamErrorException",
        429 => "throttlingException",
        503 or 504 => "serviceUnavailableException",
        _ => "internalServerException",
    };

    public static async Task WriteAsync(HttpContext context, GatewayError error)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }

        response.Clear();
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        response.Headers[ErrorTypeHeader] = AwsErrorType(error.Status);
        var writer = new ArrayBufferWriter<byte>(256);
        WriteBody(writer, error);
        response.ContentLength = writer.WrittenCount;
        await response.Body.WriteAsync(writer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary><c>{"message": ..., "error": {message, type, code, param}}</c>.</summary>
    public static void WriteBody(IBufferWriter<byte> output, GatewayError error)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("message"u8, error.Message);
        json.WriteStartObject("error"u8);
        json.WriteString("message"u8, error.Message);
        json.WriteString("type"u8, error.Type);
        json.WriteString("code"u8, error.Code);
        json.WriteNull("param"u8);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
