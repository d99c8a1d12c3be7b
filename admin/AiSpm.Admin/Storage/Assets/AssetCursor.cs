using System.Text;

namespace AiSpm.Admin.Storage.Assets;

/// <summary>An asset page cursor: the id of the last asset returned, base64url so it stays opaque to clients.</summary>
internal static class AssetCursor
{
    private const string Prefix = "asset:";

    public static string Of(string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes a cursor; false when it is not one this service produced.</summary>
    public static bool TryParse(string? cursor, out string? afterId)
    {
        afterId = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > 2048)
        {
            return false;
        }

        var s = cursor.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(s));
            if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length == Prefix.Length)
            {
                return false;
            }

            afterId = text[Prefix.Length..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
