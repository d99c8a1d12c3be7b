using System.Text.Json.Serialization;
using AiSpm.Admin.Api;

namespace AiSpm.Admin.Guardian;

/// <summary>The Guardian's stored records and API shapes, source-generated and strict like <see cref="Json.AdminJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = 32)]
[JsonSerializable(typeof(GuardianAction))]
[JsonSerializable(typeof(GuardianAudit))]
[JsonSerializable(typeof(GuardianRunResult))]
[JsonSerializable(typeof(GuardianActionsResponse))]
[JsonSerializable(typeof(GuardianAuditResponse))]
[JsonSerializable(typeof(GuardianDecisionRequest))]
[JsonSerializable(typeof(GuardianRunRequest))]
[JsonSerializable(typeof(GuardDutyIngestResponse))]
[JsonSerializable(typeof(LiteLlmKeyActuator.KeyRequest))]
[JsonSerializable(typeof(LiteLlmKeyActuator.KeyState))]
internal sealed partial class GuardianJsonContext : JsonSerializerContext;
