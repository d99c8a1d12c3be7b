namespace AiSpm.Posture.Evaluation;

/// <summary>
/// An accepted risk: control <see cref="ControlId"/> failing on <see cref="ResourceId"/> is reported as excepted until
/// <see cref="Expires"/>; from then on the result is failing again.
/// </summary>
public sealed record ExceptionGrant(string ControlId, string ResourceId, string Reason, string Who, DateTimeOffset Expires)
{
    public bool IsActive(DateTimeOffset now) => now < Expires;
}
