namespace AiSpm.Gateway.Guardrail;

/// <summary>The identity LiteLLM attaches: which virtual key, user, team and end user made the call.</summary>
internal sealed class GuardrailRequestData
{
    public string? UserApiKeyHash { get; set; }

    public string? UserApiKeyAlias { get; set; }

    public string? UserApiKeyUserId { get; set; }

    public string? UserApiKeyUserEmail { get; set; }

    public string? UserApiKeyTeamId { get; set; }

    public string? UserApiKeyTeamAlias { get; set; }

    public string? UserApiKeyEndUserId { get; set; }

    public string? UserApiKeyOrgId { get; set; }

    public string? Model { get; set; }
}
