namespace AiSpm.Gateway.Configuration;

/// <summary>Defaults shared by <see cref="LimitsOptions"/> and the components that take a limit directly.</summary>
internal static class LimitsDefaults
{
    /// <summary>1 MiB: far above any provider's delta event, far below what would hurt the gateway's memory.</summary>
    public const int MaxSseEventBytes = 1024 * 1024;
}
