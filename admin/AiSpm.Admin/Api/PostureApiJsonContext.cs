using System.Text.Json.Serialization;

namespace AiSpm.Admin.Api;

/// <summary>Source-generated JSON for the posture API; strict on input like <c>AdminJsonContext</c>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    MaxDepth = 64)]
[JsonSerializable(typeof(ControlsResponse))]
[JsonSerializable(typeof(ControlDetailResponse))]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlEvaluateResponse))]
[JsonSerializable(typeof(ExceptionRequest))]
[JsonSerializable(typeof(ExceptionsResponse))]
[JsonSerializable(typeof(Storage.Posture.PostureException))]
[JsonSerializable(typeof(PostureResponse))]
internal sealed partial class PostureApiJsonContext : JsonSerializerContext;
