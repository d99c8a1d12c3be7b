namespace AiSpm.Gateway.Metrics;

/// <summary>Pre-built series names so the request path never formats label strings.</summary>
internal static class MetricNames
{
    public const string UpstreamConnectError = "aispm_gateway_upstream_errors_total{kind=\"connect\"}";
    public const string UpstreamTimeout = "aispm_gateway_upstream_errors_total{kind=\"timeout\"}";
    public const string UpstreamReset = "aispm_gateway_upstream_errors_total{kind=\"reset\"}";
    public const string UpstreamBadResponse = "aispm_gateway_upstream_errors_total{kind=\"bad_response\"}";
    public const string UpstreamEventTooLarge = "aispm_gateway_upstream_errors_total{kind=\"event_too_large\"}";
    public const string ClientAborted = "aispm_gateway_client_aborts_total";
    public const string FailOpen = "aispm_gateway_inspection_failures_total{policy=\"fail_open\"}";
    public const string FailClosed = "aispm_gateway_inspection_failures_total{policy=\"fail_closed\"}";
    public const string EventsNotAccepted = "aispm_gateway_events_not_accepted_total";

    public static string Detection(string category, string action) => $"aispm_gateway_detections_total{{category=\"{category}\",action=\"{action}\"}}";
}
