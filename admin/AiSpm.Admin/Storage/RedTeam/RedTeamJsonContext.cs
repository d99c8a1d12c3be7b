using System.Text.Json.Serialization;

namespace AiSpm.Admin.Storage.RedTeam;

/// <summary>How runs are stored: the run without its results, and the results apart, so lists read only the first.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RedTeamRun))]
[JsonSerializable(typeof(IReadOnlyList<RowResult>))]
internal sealed partial class RedTeamJsonContext : JsonSerializerContext;
