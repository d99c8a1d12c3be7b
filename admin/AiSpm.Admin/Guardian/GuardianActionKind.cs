namespace AiSpm.Admin.Guardian;

internal static class GuardianActionKind
{
    /// <summary>A mode override to enforce for one key, team, route or model in the gateway policy.</summary>
    public const string GatewayEnforce = "gateway_enforce";
    /// <summary>LiteLLM's <c>POST /key/block</c> for the key's token.</summary>
    public const string LiteLlmBlockKey = "litellm_block_key";
    /// <summary>Bedrock <c>UpdateGuardrail</c> with the prompt-attack filter raised to HIGH, then <c>CreateGuardrailVersion</c>.</summary>
    public const string BedrockGuardrailStrength = "bedrock_guardrail_strength";
    /// <summary>Bedrock <c>UpdateAgent</c> with the configured guardrail attached, then <c>PrepareAgent</c>.</summary>
    public const string BedrockAgentGuardrail = "bedrock_agent_guardrail";
    /// <summary>Temporal <c>TerminateWorkflowExecution</c> of every running execution of a workflow type; undone by a reset.</summary>
    public const string TemporalQuarantine = "temporal_quarantine";
}
