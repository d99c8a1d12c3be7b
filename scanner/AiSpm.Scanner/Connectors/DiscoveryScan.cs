using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Connectors;

/// <summary>
/// Runs a set of connectors and maps all their answers together (so that an agent found by one connector and its
/// role found by another are joined). A connector that throws or fails is reported in its health; the others'
/// results are kept.
/// </summary>
public sealed class DiscoveryScan(IReadOnlyList<IDiscoveryConnector> connectors, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<ScanResult> RunAsync(CancellationToken cancellationToken)
    {
        var at = _time.GetUtcNow();
        var scanId = at.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        var runs = new (IDiscoveryConnector Connector, ConnectorRun Run)[connectors.Count];
        var earlier = new List<ProviderAnswer>();
        foreach (var phase in (int[])[0, 1])
        {
            var tasks = new List<(int Index, Task<ConnectorRun> Task)>();
            for (var i = 0; i < connectors.Count; i++)
            {
                if (connectors[i].Phase == phase)
                {
                    tasks.Add((i, Collect(connectors[i], earlier, cancellationToken)));
                }
            }

            foreach (var (index, task) in tasks)
            {
                runs[index] = (connectors[index], await task.ConfigureAwait(false));
            }

            foreach (var (index, _) in tasks)
            {
                earlier.AddRange(runs[index].Run.Answers);
            }
        }

        var bySource = new List<(string, IReadOnlyList<ProviderAnswer>)>();
        foreach (var (c, run) in runs)
        {
            if (c is not null)
            {
                bySource.Add((c.Name, run.Answers));
            }
        }

        var mapped = EstateMapper.Map(bySource, at);
        var health = new List<ConnectorHealth>();
        foreach (var (c, run) in runs)
        {
            if (c is null)
            {
                continue;
            }

            var (assets, edges) = Count(mapped, c.Name);
            health.Add(new ConnectorHealth(c.Name, ConnectorHealth.StatusOf(run.SucceededCalls, run.FailedCalls.Count), run.FailedCalls, assets, edges));
        }

        return new ScanResult(scanId, at, mapped.Assets, mapped.Edges, health, mapped.Errors);
    }

    private static async Task<ConnectorRun> Collect(IDiscoveryConnector connector, IReadOnlyList<ProviderAnswer> earlier, CancellationToken ct)
    {
        try
        {
            return await connector.CollectAsync(earlier, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // A connector's bug or an unexpected failure costs that connector only.
            return new ConnectorRun([], [new FailedCall(connector.Name, "connector_failed", e.GetType().Name + ": " + e.Message)], 0);
        }
    }

    private static (int Assets, int Edges) Count(MappingResult mapped, string source)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in mapped.Assets)
        {
            foreach (var s in a.Sources)
            {
                if (s == source)
                {
                    ids.Add(a.Id);
                    break;
                }
            }
        }

        var edges = 0;
        foreach (var e in mapped.Edges)
        {
            if (ids.Contains(e.From))
            {
                edges++;
            }
        }

        return (ids.Count, edges);
    }
}
