using System.Text.Json.Serialization;
using AiSpm.Contracts;

namespace AiSpm.Admin.Api;

/// <summary>Source-generated JSON for the traffic API (strict like the event ingest: unknown members are refused).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(TrafficBatch))]
[JsonSerializable(typeof(TrafficIngestResponse))]
[JsonSerializable(typeof(TrafficPageResponse))]
internal sealed partial class TrafficApiJsonContext : JsonSerializerContext;
