namespace AiSpm.Gateway.Bedrock;

/// <summary>Log messages of the Bedrock paths. Never a key, a signature or a prompt.</summary>
internal static partial class BedrockLog
{
    [LoggerMessage(EventId = 2701, EventName = "BedrockCallerRefused", Level = LogLevel.Warning, Message = "bedrock caller refused on {Route}: {Reason} (access key {AccessKeyId})")]
    public static partial void CallerRefused(ILogger logger, string route, string reason, string? accessKeyId);

    [LoggerMessage(EventId = 2702, EventName = "BedrockStreamBadFrame", Level = LogLevel.Warning, Message = "bedrock stream on {Route} ended: the upstream sent a frame with a bad checksum or length")]
    public static partial void BadFrame(ILogger logger, string route);

    [LoggerMessage(EventId = 2703, EventName = "BedrockGuardrailFailed", Level = LogLevel.Warning, Message = "bedrock guardrail {Guardrail} failed on {Phase} ({Kind}); fail mode {FailMode}")]
    public static partial void GuardrailFailed(ILogger logger, string guardrail, string phase, string kind, string failMode);

    [LoggerMessage(EventId = 2704, EventName = "BedrockGuardrailIntervened", Level = LogLevel.Information, Message = "bedrock guardrail {Guardrail} intervened on {Phase} of {Route}: {Policies}")]
    public static partial void GuardrailIntervened(ILogger logger, string guardrail, string phase, string route, string policies);
}
