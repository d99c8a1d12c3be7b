namespace AiSpm.Admin.Guardian;

/// <summary>What an actuator did: the state before and after (JSON, for the audit trail), or why it failed.</summary>
internal sealed record ActuatorResult(bool Ok, string? Before, string? After, string? Error)
{
    public static ActuatorResult Done(string? before, string? after) => new(true, before, after, null);

    public static ActuatorResult Fail(string error) => new(false, null, null, error);
}
