using System.Globalization;
using System.Text;

namespace AiSpm.Admin.Storage;

/// <summary>
/// The sort key both stores use: fixed-width UTC time then id, so ordinal string order is time order, and a cursor
/// is just the sort key of the last item returned (base64url so it stays opaque to clients).
/// </summary>
internal static class SortKey
{
    public static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string Of(DateTimeOffset t, string id) => Time(t) + "#" + id;

    public static string ToCursor(string sortKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(sortKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes a cursor; false when it is not one this service produced.</summary>
    public static bool TryParseCursor(string? cursor, out string? sortKey)
    {
        sortKey = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > 512)
        {
            return false;
        }

        var s = cursor.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(s));
            if (text.Length < 29 || text[28] != '#' || !DateTimeOffset.TryParse(text.AsSpan(0, 28), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                return false;
            }

            sortKey = text;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
