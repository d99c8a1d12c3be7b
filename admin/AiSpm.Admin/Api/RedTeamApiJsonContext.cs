using System.Text.Json.Serialization;
using AiSpm.Admin.RedTeam;

namespace AiSpm.Admin.Api;

/// <summary>Source-generated JSON for the red-team API (unknown members in a run request are refused).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(RedTeamRunRequest))]
[JsonSerializable(typeof(Storage.RedTeam.RedTeamRun))]
[JsonSerializable(typeof(RedTeamRunsResponse))]
[JsonSerializable(typeof(RunComparison))]
internal sealed partial class RedTeamApiJsonContext : JsonSerializerContext;
