using Microsoft.AspNetCore.Http.Features;

namespace AiSpm.Gateway.Forwarding;

/// <summary>Checks on the path as the client sent it, before any decoding.</summary>
internal static class RequestPath
{
    /// <summary>
    /// True when the raw path holds an encoded slash or backslash (<c>%2F</c>, <c>%5C</c>, either case) or a literal
    /// backslash. The gateway and the upstream could split such a path into segments differently (one reads
    /// <c>/v1/models%2F..%2Fadmin</c> as one segment, the other as a traversal), so it is refused rather than guessed.
    /// </summary>
    public static bool HasEncodedSeparator(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var path = raw.AsSpan();
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        if (path.Contains('\\'))
        {
            return true;
        }

        var at = 0;
        int percent;
        while ((percent = path[at..].IndexOf('%')) >= 0)
        {
            var i = at + percent;
            if (i + 2 < path.Length)
            {
                var hi = path[i + 1];
                var lo = path[i + 2];
                if ((hi == '2' && lo is 'f' or 'F') || (hi == '5' && lo is 'c' or 'C'))
                {
                    return true;
                }
            }

            at = i + 1;
        }

        return false;
    }
}
