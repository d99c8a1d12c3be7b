using System.Text.Json;
using System.Text.Json.Serialization;
using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Storage.Assets;

/// <summary>Change kinds as the API spells its other enumerations: <c>added</c>, <c>modified</c>, <c>removed</c>.</summary>
internal sealed class ChangeKindJsonConverter() : JsonStringEnumConverter<ChangeKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
