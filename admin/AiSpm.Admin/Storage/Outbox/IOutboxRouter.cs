namespace AiSpm.Admin.Storage.Outbox;

/// <summary>
/// Which sinks want a finding change. The store asks while it writes the change, so the deliveries are part of the
/// same write; lives here so the store does not depend on the sinks themselves.
/// </summary>
internal interface IOutboxRouter
{
    /// <summary>The names of the enabled sinks whose filters accept this change (empty: none).</summary>
    IReadOnlyList<string> SinksFor(string change, FindingRecord finding);
}

/// <summary>No sinks configured: no deliveries.</summary>
internal sealed class NoSinks : IOutboxRouter
{
    public static NoSinks Instance { get; } = new();

    public IReadOnlyList<string> SinksFor(string change, FindingRecord finding) => [];
}
