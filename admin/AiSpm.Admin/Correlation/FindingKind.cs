namespace AiSpm.Admin.Correlation;

/// <summary>What a category of events becomes as a finding.</summary>
internal sealed record FindingKind(string Type, string Title, string Remediation)
{
    public static FindingKind ForCategory(string category) => category switch
    {
        "jailbreak" => new("jailbreak_activity", "Repeated jailbreak attempts",
            "Review the principal's recent prompts; switch its route or key to enforce mode; rotate or block the key if the activity is deliberate."),
        "prompt_injection" => new("prompt_injection_activity", "Prompt injection attempts",
            "Treat retrieved and tool content as untrusted; enforce on the affected route; check the sources feeding this application."),
        "system_prompt_extraction" => new("system_prompt_extraction_attempts", "System prompt extraction attempts",
            "Keep secrets out of system prompts; enforce on the route; review what the system prompt discloses."),
        "memory_poisoning" => new("memory_poisoning_attempts", "Memory poisoning attempts",
            "Validate what agents write to long-term memory; quarantine suspicious entries."),
        "pii" => new("sensitive_data_exposure", "Personal data sent to or returned by a model",
            "Enable redaction (enforce mode) for this key or route; confirm the provider is approved for personal data."),
        "secret" => new("secret_exposure", "Secrets sent to or returned by a model",
            "Rotate the exposed credential now; enable enforce mode so secrets are redacted before they leave."),
        "insecure_output" => new("insecure_output_handling", "Model output that is unsafe to render or execute",
            "Encode or sandbox model output before use; enforce on the response phase."),
        "tool_misuse" => new("tool_misuse", "Tool calls outside their intended use",
            "Narrow the tool's permissions; require confirmation for destructive actions."),
        "excessive_agency" => new("excessive_agency", "Agent acting beyond its mandate",
            "Reduce the agent's tool set and scopes; add human approval for high-impact actions."),
        "rate" => new("rate_limit_abuse", "Request rate above policy",
            "Confirm the client's expected volume; tighten the rate limit or block the key."),
        "token_volume" => new("token_volume_abuse", "Token volume above policy",
            "Check for prompt stuffing or runaway loops; tighten the token limit for the key."),
        _ => new(category + "_activity", "Detections in category " + category,
            "Review the events behind this finding and tune or enforce the rules involved."),
    };
}
