using System.Text.Json.Serialization;

namespace AiSpm.Contracts;

/// <summary>
/// Source-generated JSON for the wire contract (camelCase, nulls omitted). Lenient about unknown members so an older
/// gateway keeps reading a newer admin's policy; the admin validates strictly with its own options.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DetectionEvent))]
[JsonSerializable(typeof(DetectionEvent[]))]
[JsonSerializable(typeof(EventBatch))]
[JsonSerializable(typeof(GatewayPolicy))]
[JsonSerializable(typeof(TrafficBatch))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
