namespace AiSpm.Admin.Dashboard;

internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 3120, EventName = "DashboardDiscoveryFailed", Level = LogLevel.Warning,
        Message = "The OIDC discovery document of {Issuer} could not be read; the dashboard's Content-Security-Policy allows only the issuer's origin for now: {Reason}")]
    public static partial void DiscoveryFailed(ILogger logger, string issuer, string reason);

    [LoggerMessage(EventId = 3121, EventName = "SavedViewStored", Level = LogLevel.Information,
        Message = "Saved view {Id} ({View}) stored for {Owner}")]
    public static partial void SavedViewStored(ILogger logger, string id, string view, string owner);

    [LoggerMessage(EventId = 3122, EventName = "SavedViewDeleted", Level = LogLevel.Information,
        Message = "Saved view {Id} deleted by {Owner}")]
    public static partial void SavedViewDeleted(ILogger logger, string id, string owner);
}
