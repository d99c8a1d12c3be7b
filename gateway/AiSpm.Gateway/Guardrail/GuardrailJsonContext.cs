using System.Text.Json.Serialization;

namespace AiSpm.Gateway.Guardrail;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(GuardrailRequest))]
internal sealed partial class GuardrailJsonContext : JsonSerializerContext;
