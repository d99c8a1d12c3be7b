namespace AiSpm.Gateway.Configuration;

/// <summary>How the gateway notices edits to its rules folder and rebuilds the detector stack without a restart.</summary>
public sealed record RulesReloadOptions
{
    /// <summary>False loads the rules once at start-up; a policy's EnabledRulePacks then has no effect until restart.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Quiet time after the last file event before a rebuild, so a multi-file copy is compiled once.</summary>
    public int DebounceMs { get; set; } = 500;

    /// <summary>
    /// Full re-check of the folder's content, for file systems where change notifications do not arrive (network
    /// mounts, some container volume drivers).
    /// </summary>
    public int PollIntervalMs { get; set; } = 30_000;
}
