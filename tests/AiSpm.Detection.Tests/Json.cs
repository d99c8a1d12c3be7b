using System.Text.Json.Serialization;

namespace AiSpm.Detection.Tests;

[JsonSerializable(typeof(string))]
internal sealed partial class Json : JsonSerializerContext;
