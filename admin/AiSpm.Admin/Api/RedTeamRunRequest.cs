namespace AiSpm.Admin.Api;

/// <summary>
/// The body of <c>POST redteam/run</c>: <c>mode</c> (<c>inprocess</c> or <c>gateway</c>) and the rows, either
/// <c>corpus</c> (a name under <c>config/redteam</c>, e.g. <c>builtin</c>) or <c>jsonl</c> (the corpus JSONL text).
/// </summary>
internal sealed record RedTeamRunRequest
{
    public string? Mode { get; init; }

    public string? Corpus { get; init; }

    public string? Jsonl { get; init; }

    public RedTeamGatewayRequest? Gateway { get; init; }
}
