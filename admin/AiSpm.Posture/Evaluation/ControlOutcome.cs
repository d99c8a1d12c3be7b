using AiSpm.Posture.Controls;

namespace AiSpm.Posture.Evaluation;

/// <summary>A control and its result on every resource of its kind, in resource id order.</summary>
public sealed record ControlOutcome(Control Control, IReadOnlyList<ControlResult> Results)
{
    public int Count(ResultStatus status)
    {
        var n = 0;
        foreach (var r in Results)
        {
            if (r.Status == status)
            {
                n++;
            }
        }

        return n;
    }
}
