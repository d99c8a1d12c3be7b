using AiSpm.Admin.Api;

namespace AiSpm.Admin.Hosting;

/// <summary>
/// With auth off, the admin listens on loopback only, but a web page can still reach it through DNS rebinding (its
/// own name resolved to 127.0.0.1): the browser then sends that name as Host. Only loopback names get through; any
/// other Host gets 421 before routing, so a rebound page cannot read or write anything.
/// </summary>
internal sealed partial class LoopbackHostFilter(RequestDelegate next, ILogger<LoopbackHostFilter> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        if (host.HasValue && ListenAddress.IsLoopbackHost(host.Host))
        {
            return next(context);
        }

        Log.Refused(logger, host.Value is { Length: > 100 } shown ? shown[..100] : host.Value ?? "");
        return RequestErrors.Single("Host", "must name this loopback listener (localhost, 127.0.0.1 or [::1]) while auth:mode is off", StatusCodes.Status421MisdirectedRequest)
            .ExecuteAsync(context);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5, EventName = "ForeignHostRefused", Level = LogLevel.Warning,
            Message = "refused a request for Host '{Host}': with auth off only loopback names are served (DNS rebinding)")]
        public static partial void Refused(ILogger logger, string host);
    }
}
