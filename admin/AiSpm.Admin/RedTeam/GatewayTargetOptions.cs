namespace AiSpm.Admin.RedTeam;

/// <summary>
/// A live gateway to send rows to. <see cref="Token"/> is sent as <c>Authorization: Bearer</c> and never stored.
/// <see cref="ResponseRows"/>: <c>skip</c> (answer-phase rows are not sent) or <c>mock</c> (sent with
/// <c>x-mock-content-base64</c>, which AiSpm's mock upstream answers with verbatim, so the gateway scans the row as
/// a model's answer).
/// </summary>
internal sealed record GatewayTargetOptions
{
    public required Uri BaseUrl { get; init; }

    public string? Token { get; init; }

    public required string Model { get; init; }

    public string ResponseRows { get; init; } = "skip";

    public int Concurrency { get; init; } = 4;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
