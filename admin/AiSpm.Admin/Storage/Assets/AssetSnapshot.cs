using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Storage.Assets;

internal sealed record AssetSnapshot(IReadOnlyList<Asset> Assets, IReadOnlyList<Edge> Edges);
