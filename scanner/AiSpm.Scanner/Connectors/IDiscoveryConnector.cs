using AiSpm.Scanner.Mapping;

namespace AiSpm.Scanner.Connectors;

/// <summary>
/// A source of assets. A connector is built from its own settings and credentials source, collects provider answers
/// (<see cref="ConnectorRun.Answers"/>) and reports which calls failed; it throws only when cancelled. The mapping of
/// answers to assets is shared by every connector and by the offline scan (<see cref="EstateMapper"/>).
/// </summary>
public interface IDiscoveryConnector
{
    /// <summary>The connector's name, recorded in each asset's <c>sources</c> and in the scan's health.</summary>
    string Name { get; }

    /// <summary>Connectors of phase 1 run after those of phase 0 and see their answers (IAM resolves the roles the
    /// others reference).</summary>
    int Phase { get; }

    Task<ConnectorRun> CollectAsync(IReadOnlyList<ProviderAnswer> earlierAnswers, CancellationToken cancellationToken);
}
