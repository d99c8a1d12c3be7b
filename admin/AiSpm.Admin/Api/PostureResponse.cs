using AiSpm.Posture.Scoring;

namespace AiSpm.Admin.Api;

/// <summary>Posture scores (passing over judged, weighted by severity; excepted results left out) overall and per
/// account, team and asset, and the OWASP framework report.</summary>
internal sealed record PostureResponse(
    Score Overall,
    IReadOnlyDictionary<string, Score> Accounts,
    IReadOnlyDictionary<string, Score> Teams,
    IReadOnlyDictionary<string, Score> Assets,
    IReadOnlyList<FrameworkRisk> Frameworks);
