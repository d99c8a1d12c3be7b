using System.Text.Json.Serialization;
using AiSpm.Admin.Api;

namespace AiSpm.Admin.Json;

/// <summary>Source-generated JSON for the sinks API, beside <see cref="AdminJsonContext"/> with the same options.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = 32)]
[JsonSerializable(typeof(SinksResponse))]
[JsonSerializable(typeof(DeadLettersResponse))]
[JsonSerializable(typeof(DeadLetterRetryResponse))]
internal sealed partial class SinksJsonContext : JsonSerializerContext;
