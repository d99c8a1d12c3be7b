using System.Text.Json.Serialization;
using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Storage.Assets;

/// <summary>Source-generated JSON for the asset records the stores keep as documents.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ChangeKindJsonConverter)])]
[JsonSerializable(typeof(Asset))]
[JsonSerializable(typeof(ChangeRecord))]
[JsonSerializable(typeof(DiscoveryRun))]
[JsonSerializable(typeof(ConnectorState))]
internal sealed partial class AssetJsonContext : JsonSerializerContext;
