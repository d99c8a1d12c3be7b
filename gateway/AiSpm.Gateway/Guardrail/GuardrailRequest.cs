using System.Text.Json;

namespace AiSpm.Gateway.Guardrail;

/// <summary>LiteLLM's Generic Guardrail API request (POST /beta/litellm_basic_guardrail_api).</summary>
internal sealed class GuardrailRequest
{
    public List<string>? Texts { get; set; }

    public List<string>? Images { get; set; }

    public List<JsonElement>? Tools { get; set; }

    public List<JsonElement>? StructuredMessages { get; set; }

    public GuardrailRequestData? RequestData { get; set; }

    /// <summary>request or response.</summary>
    public string? InputType { get; set; }

    public string? LitellmCallId { get; set; }

    public string? LitellmTraceId { get; set; }

    public JsonElement? AdditionalProviderSpecificParams { get; set; }
}
