namespace AiSpm.Gateway.Configuration;

public sealed record RouteOptions
{
    /// <summary>Exact model name, a prefix ending in '*', or '*' for every model.</summary>
    public string Model { get; set; } = "";

    public string Upstream { get; set; } = "";

    /// <summary>
    /// Lets requests without a client credential through to an upstream whose auth mode is <c>replace</c>; otherwise
    /// such a request is refused (401), so the configured key is not an open relay for anyone who reaches the gateway.
    /// </summary>
    public bool AllowAnonymous { get; set; }
}
