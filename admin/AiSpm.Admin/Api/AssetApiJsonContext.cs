using System.Text.Json.Serialization;
using AiSpm.Admin.Storage.Assets;

namespace AiSpm.Admin.Api;

/// <summary>Source-generated JSON for the asset and discovery API (kept apart from <c>AdminJsonContext</c>: these types
/// hold the scanner's model, whose documents are free-form JSON).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ChangeKindJsonConverter)])]
[JsonSerializable(typeof(AssetPageResponse))]
[JsonSerializable(typeof(AssetDetailResponse))]
[JsonSerializable(typeof(GraphResponse))]
[JsonSerializable(typeof(DiscoveryRunsResponse))]
[JsonSerializable(typeof(DiscoveryConnectorsResponse))]
[JsonSerializable(typeof(DiscoveryRun))]
internal sealed partial class AssetApiJsonContext : JsonSerializerContext;
