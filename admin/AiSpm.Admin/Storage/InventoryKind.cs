using AiSpm.Contracts;

namespace AiSpm.Admin.Storage;

/// <summary>Inventory kinds, and which of an event's fields feed each.</summary>
internal static class InventoryKind
{
    public const string Gateway = "gateway";
    public const string Key = "key";
    public const string Model = "model";
    public const string Route = "route";
    public const string Team = "team";

    /// <summary>In the order inventory lists are sorted.</summary>
    public static readonly string[] All = [Gateway, Key, Model, Route, Team];

    public static bool IsKind(string? value) => Array.IndexOf(All, value) >= 0;

    /// <summary>The (kind, name) pairs one event contributes.</summary>
    public static IEnumerable<(string Kind, string Name)> Of(DetectionEvent e)
    {
        yield return (Gateway, e.GatewayId);
        if (!string.IsNullOrEmpty(e.KeyAlias)) yield return (Key, e.KeyAlias);
        if (!string.IsNullOrEmpty(e.Model)) yield return (Model, e.Model);
        if (!string.IsNullOrEmpty(e.Route)) yield return (Route, e.Route);
        if (!string.IsNullOrEmpty(e.Team)) yield return (Team, e.Team);
    }
}
