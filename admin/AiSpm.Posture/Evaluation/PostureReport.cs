using AiSpm.Posture.Scoring;
using AiSpm.Scanner.Model;

namespace AiSpm.Posture.Evaluation;

/// <summary>Every control's results, with the scores and the framework report computed from them.</summary>
public sealed class PostureReport
{
    public PostureReport(IReadOnlyList<ControlOutcome> controls, IReadOnlyList<Asset> assets)
    {
        Controls = controls;
        Scores = PostureScoring.Scores(controls, assets);
        Frameworks = PostureScoring.FrameworkReport(controls);
    }

    public IReadOnlyList<ControlOutcome> Controls { get; }

    public ScoreBoard Scores { get; }

    public IReadOnlyList<FrameworkRisk> Frameworks { get; }
}
