using System.Text;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Builtins;

internal static partial class BuiltinRegistry
{
    private static void AddEncoding(Dictionary<string, BuiltinFunction> d)
    {
        Add(d, "json.marshal", 1, a => new RegoString(a[0].ToJson()));
        Add(d, "json.unmarshal", 1, a =>
        {
            try
            {
                return RegoJson.Parse(a.Str(0));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw a.Fail("invalid JSON: " + e.Message);
            }
        });
        Add(d, "json.is_valid", 1, a =>
        {
            if (a[0] is not RegoString s)
            {
                return RegoBool.False;
            }

            try
            {
                RegoJson.Parse(s.Value);
                return RegoBool.True;
            }
            catch (System.Text.Json.JsonException)
            {
                return RegoBool.False;
            }
        });
        Add(d, "base64.encode", 1, a => new RegoString(Convert.ToBase64String(Encoding.UTF8.GetBytes(a.Str(0)))));
        Add(d, "base64.decode", 1, a => new RegoString(Encoding.UTF8.GetString(DecodeBase64(a, a.Str(0), false))));
        Add(d, "base64.is_valid", 1, a =>
        {
            var s = a.Str(0);
            var buf = new byte[s.Length];
            return RegoBool.Of(Convert.TryFromBase64String(s, buf, out _));
        });
        Add(d, "base64url.encode", 1, a => new RegoString(Convert.ToBase64String(Encoding.UTF8.GetBytes(a.Str(0))).Replace('+', '-').Replace('/', '_')));
        Add(d, "base64url.encode_no_pad", 1, a => new RegoString(Convert.ToBase64String(Encoding.UTF8.GetBytes(a.Str(0))).Replace('+', '-').Replace('/', '_').TrimEnd('=')));
        Add(d, "base64url.decode", 1, a => new RegoString(Encoding.UTF8.GetString(DecodeBase64(a, a.Str(0), true))));
        Add(d, "hex.encode", 1, a => new RegoString(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(a.Str(0)))));
        Add(d, "hex.decode", 1, a =>
        {
            try
            {
                return new RegoString(Encoding.UTF8.GetString(Convert.FromHexString(a.Str(0))));
            }
            catch (FormatException)
            {
                throw a.Fail("invalid hex string");
            }
        });
        Add(d, "urlquery.encode", 1, a => new RegoString(Uri.EscapeDataString(a.Str(0)).Replace("%20", "+", StringComparison.Ordinal)));
        Add(d, "urlquery.decode", 1, a => new RegoString(Uri.UnescapeDataString(a.Str(0).Replace('+', ' '))));
    }

    private static byte[] DecodeBase64(BuiltinArgs a, string s, bool url)
    {
        if (url)
        {
            s = s.Replace('-', '+').Replace('_', '/');
        }

        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            throw a.Fail("invalid base64 string");
        }
    }
}
