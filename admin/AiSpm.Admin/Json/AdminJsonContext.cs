using System.Text.Json.Serialization;
using AiSpm.Admin.Api;
using AiSpm.Admin.Dashboard;
using AiSpm.Admin.Storage;
using AiSpm.Contracts;

namespace AiSpm.Admin.Json;

/// <summary>
/// Source-generated JSON for everything the admin API reads and writes. Strict on input: unknown members, nulls for
/// non-nullable members and missing required members are errors, so bad input is refused instead of half-read.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = 32)]
[JsonSerializable(typeof(DetectionEvent))]
[JsonSerializable(typeof(EventBatch))]
[JsonSerializable(typeof(EventBatchEnvelope))]
[JsonSerializable(typeof(GatewayPolicy))]
[JsonSerializable(typeof(FindingRecord))]
[JsonSerializable(typeof(InventoryItem))]
[JsonSerializable(typeof(IngestResult))]
[JsonSerializable(typeof(EventPageResponse))]
[JsonSerializable(typeof(FindingPageResponse))]
[JsonSerializable(typeof(InventoryResponse))]
[JsonSerializable(typeof(FindingPatchRequest))]
[JsonSerializable(typeof(DefenderModeRequest))]
[JsonSerializable(typeof(DefenderModeResponse))]
[JsonSerializable(typeof(PluginsResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(SessionRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(SignInCodeResponse))]
[JsonSerializable(typeof(MeResponse))]
[JsonSerializable(typeof(AuthConfigResponse))]
[JsonSerializable(typeof(SavedViewRequest))]
[JsonSerializable(typeof(SavedViewsResponse))]
internal sealed partial class AdminJsonContext : JsonSerializerContext;
