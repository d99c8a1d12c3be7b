namespace AiSpm.Admin.Storage.Assets;

/// <summary>Filters for <see cref="IAssetStore.QueryAssetsAsync"/>; null means any. <see cref="Team"/> matches the
/// asset's owner; <see cref="Text"/> is a case-insensitive substring of its name or id.</summary>
internal sealed record AssetQuery
{
    public string? Kind { get; init; }
    public string? Provider { get; init; }
    public string? Account { get; init; }
    public string? Region { get; init; }
    public string? Team { get; init; }
    public string? Text { get; init; }
    public int Limit { get; init; } = 100;
    public string? Cursor { get; init; }
}
