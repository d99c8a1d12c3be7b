namespace AiSpm.Scanner.Connectors;

public enum ConnectorStatus
{
    /// <summary>Every call succeeded.</summary>
    Ok,

    /// <summary>Some calls failed (named in <see cref="ConnectorHealth.FailedCalls"/>); what the others found is kept.</summary>
    Partial,

    /// <summary>Nothing could be listed (no credentials, endpoint down, every call failed).</summary>
    Failed,
}
