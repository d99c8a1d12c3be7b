namespace AiSpm.Admin.Guardian;

/// <summary>
/// pending → executing → executed | failed; pending → rejected; executed → rolling_back → rolled_back | executed.
/// <c>executing</c> and <c>rolling_back</c> are claims: the replica whose conditional write made them runs the step.
/// </summary>
internal static class GuardianActionState
{
    public const string Pending = "pending";
    public const string Executing = "executing";
    public const string Executed = "executed";
    public const string Failed = "failed";
    public const string Rejected = "rejected";
    public const string RollingBack = "rolling_back";
    public const string RolledBack = "rolled_back";

    public static bool IsState(string? s) => s is Pending or Executing or Executed or Failed or Rejected or RollingBack or RolledBack;
}
