using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Storage.Assets;

/// <summary>Told what a discovery scan wrote, after it is stored (posture re-evaluates what it touched). Lives beside
/// the asset store so discovery can call it without knowing who listens.</summary>
internal interface IAssetChangeListener
{
    /// <summary>Called once per scan, also when nothing changed (time alone can change a result: an exception expires).</summary>
    Task ScanCompletedAsync(ChangeSet changes, CancellationToken cancellationToken);
}
