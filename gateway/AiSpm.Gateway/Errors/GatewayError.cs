namespace AiSpm.Gateway.Errors;

/// <summary>
/// Every failure the gateway answers with, as an OpenAI-shaped error. Codes are stable: clients and dashboards
/// match on them.
/// </summary>
internal sealed record GatewayError(int Status, string Type, string Code, string Message)
{
    public static readonly GatewayError InvalidJson = new(400, "invalid_request_error", "invalid_json", "The request body is not valid JSON.");
    public static readonly GatewayError NotAnObject = new(400, "invalid_request_error", "invalid_json", "The request body must be a JSON object.");
    public static readonly GatewayError MissingModel = new(400, "invalid_request_error", "missing_model", "The request body has no 'model' string.");
    public static readonly GatewayError EncodedPathSeparator = new(400, "invalid_request_error", "encoded_path_separator", "The path holds an encoded slash or backslash (%2F, %5C), which the gateway does not forward.");
    public static readonly GatewayError BodyNotAllowed = new(400, "invalid_request_error", "body_not_allowed", "This request must not have a body.");
    public static readonly GatewayError NoRoute = new(400, "invalid_request_error", "no_route", "No route is configured for the requested model.");
    public static readonly GatewayError MissingCredential = new(401, "authentication_error", "missing_credential", "This route sends the gateway's own provider key upstream and requires a credential (Authorization or x-api-key) from the caller.");
    public static readonly GatewayError ManagementTokenRequired = new(401, "authentication_error", "management_token_required", "This management endpoint requires the gateway's management token (Authorization: Bearer).");
    public static readonly GatewayError PathRefused = new(404, "invalid_request_error", "unknown_path", "This path is not served by the gateway.");
    public static readonly GatewayError OpenAiNotConfigured = new(404, "invalid_request_error", "openai_not_configured", "This gateway serves only the Amazon Bedrock runtime API (POST /model/{modelId}/converse and the other inference operations): no OpenAI-compatible upstream is configured.");
    public static readonly GatewayError MethodNotAllowed = new(405, "invalid_request_error", "method_not_allowed", "This method is not allowed on this path.");
    public static readonly GatewayError RequestTimeout = new(408, "invalid_request_error", "request_timeout", "The request body did not arrive in time.");
    public static readonly GatewayError TooLarge = new(413, "invalid_request_error", "request_too_large", "The request body is larger than the gateway accepts.");
    public static readonly GatewayError UnsupportedMediaType = new(415, "invalid_request_error", "unsupported_media_type", "The request body must be application/json.");
    public static readonly GatewayError UnsupportedContentEncoding = new(415, "invalid_request_error", "unsupported_content_encoding", "The gateway inspects request bodies and does not accept a compressed one; send it without Content-Encoding.");
    public static readonly GatewayError OverCapacity = new(429, "rate_limit_error", "over_capacity", "The gateway is at its concurrency limit; retry shortly.");
    public static readonly GatewayError RateLimited = new(429, "rate_limit_error", "rate_limited", "Request rate limit exceeded for this key, team or model.");
    public static readonly GatewayError TokenVolumeExceeded = new(429, "rate_limit_error", "token_volume_exceeded", "Token volume limit exceeded for this key.");
    public static readonly GatewayError Internal = new(500, "api_error", "internal_error", "The gateway failed to process the request.");
    public static readonly GatewayError InspectionFailed = new(503, "api_error", "inspection_failed", "The request could not be inspected and the gateway is configured to fail closed.");
    public static readonly GatewayError UpstreamUnavailable = new(502, "api_error", "upstream_unavailable", "The upstream provider refused or reset the connection.");
    public static readonly GatewayError UpstreamBadResponse = new(502, "api_error", "upstream_bad_response", "The upstream provider sent a response the gateway could not use.");
    public static readonly GatewayError UpstreamResponseTooLarge = new(502, "api_error", "upstream_response_too_large", "The upstream response is larger than the gateway inspects.");
    public static readonly GatewayError UpstreamEventTooLarge = new(502, "api_error", "upstream_event_too_large", "The upstream provider sent a stream event larger than the gateway relays.");
    public static readonly GatewayError UpstreamTimeout = new(504, "api_error", "upstream_timeout", "The upstream provider did not answer in time.");
    public static readonly GatewayError UpstreamIdleTimeout = new(504, "api_error", "upstream_timeout", "The upstream provider stopped sending mid-response.");

    /// <summary>A block names the category and the rule, never the matched text.</summary>
    public static GatewayError Blocked(string ruleId, string category, string phase) =>
        new(403, "aispm_blocked", ruleId, $"Blocked by AiSpm: the {phase} was classified as {category} (rule {ruleId}).");
}
