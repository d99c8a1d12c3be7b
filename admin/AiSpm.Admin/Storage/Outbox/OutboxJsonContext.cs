using System.Text.Json.Serialization;

namespace AiSpm.Admin.Storage.Outbox;

/// <summary>JSON for deliveries a store keeps as one attribute (DynamoDB's pending list on the finding item).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutboxDelivery[]))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
