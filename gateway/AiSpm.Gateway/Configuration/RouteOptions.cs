namespace AiSpm.Gateway.Configuration;

public sealed record RouteOptions
{
    /// <summary>Exact model name, a prefix ending in '*', or '*' for every model.</summary>
    public string Model { get; set; } = "";

    public string Upstream { get; set; } = "";
}
