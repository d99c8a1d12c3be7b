namespace AiSpm.Admin.Api;

/// <summary>
/// The gateway of a gateway run: <c>baseUrl</c> (loopback, or listed in <c>redteam:gatewayUrls</c>), optional
/// <c>token</c> (sent as a bearer token, never stored), <c>model</c>, <c>responseRows</c> (<c>skip</c> or <c>mock</c>),
/// <c>concurrency</c> and <c>timeoutMs</c> per row.
/// </summary>
internal sealed record RedTeamGatewayRequest
{
    public string? BaseUrl { get; init; }

    public string? Token { get; init; }

    public string? Model { get; init; }

    public string? ResponseRows { get; init; }

    public int? Concurrency { get; init; }

    public int? TimeoutMs { get; init; }
}
