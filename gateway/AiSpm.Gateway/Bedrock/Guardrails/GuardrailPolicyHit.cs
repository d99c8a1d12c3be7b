namespace AiSpm.Gateway.Bedrock.Guardrails;

/// <summary>One assessed policy entry: e.g. (contentPolicy, PROMPT_ATTACK, BLOCKED) or (sensitiveInformationPolicy, EMAIL, ANONYMIZED).</summary>
internal readonly record struct GuardrailPolicyHit(string Policy, string Name, string Action);
