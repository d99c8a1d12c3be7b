using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Storage.Assets;

/// <summary>The text both stores search for <see cref="AssetQuery.Text"/>: name and id, lower-cased once at write time
/// so the search is case-insensitive on DynamoDB too (whose <c>contains</c> is case-sensitive).</summary>
internal static class AssetSearch
{
    public static string TextOf(Asset a) => (a.Name + "\n" + a.Id).ToLowerInvariant();

    public static string Normalize(string q) => q.ToLowerInvariant();
}
