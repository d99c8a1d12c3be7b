namespace AiSpm.Admin.Storage;

/// <summary>Something the gateways have seen in use: a model, key, team, route or gateway.</summary>
internal sealed record InventoryItem
{
    /// <summary>model | key | team | route | gateway (see <see cref="InventoryKind"/>).</summary>
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public DateTimeOffset FirstSeen { get; init; }
    public DateTimeOffset LastSeen { get; init; }
    public long EventCount { get; init; }
}
