namespace AiSpm.Admin.Guardian;

/// <summary>What became of an analyst's request; the endpoint maps it to a status code in one place.</summary>
internal enum GuardianOutcome
{
    Done,
    NotFound,
    /// <summary>The action is not in a state that allows the step (or another replica took it first).</summary>
    Conflict,
    /// <summary>The step ran and failed; the action records why.</summary>
    Failed,
}
