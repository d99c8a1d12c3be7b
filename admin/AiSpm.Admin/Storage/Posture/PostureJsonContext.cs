using System.Text.Json.Serialization;

namespace AiSpm.Admin.Storage.Posture;

/// <summary>How the posture store serializes its records (camelCase, the same shapes the API shows).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredControl))]
[JsonSerializable(typeof(PostureException))]
[JsonSerializable(typeof(StoredResult))]
internal sealed partial class PostureJsonContext : JsonSerializerContext;
