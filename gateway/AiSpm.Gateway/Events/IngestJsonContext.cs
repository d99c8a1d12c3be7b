using System.Text.Json.Serialization;

namespace AiSpm.Gateway.Events;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(IngestAnswer))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;
