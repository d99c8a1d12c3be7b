using System.Text.Json.Serialization;
using AiSpm.Contracts;

namespace AiSpm.Admin.Storage.Traffic;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TrafficSummary))]
internal sealed partial class TrafficJsonContext : JsonSerializerContext;
