using System.Buffers;
using System.IO.Pipelines;
using AiSpm.Gateway.Buffers;
using AiSpm.Gateway.Metrics;

namespace AiSpm.Gateway.Streaming;

/// <summary>The hold-back both stream relays (SSE and Bedrock event streams) share: release what no match can reach.</summary>
internal static class HoldBack
{
    /// <summary>Writes every held unit that no future match could still reach. True when anything was written.</summary>
    public static bool Release(PipeWriter output, PooledBody held, List<HeldUnit> units, long scannedText, int holdback, GatewayMetrics metrics)
    {
        var count = 0;
        while (count < units.Count)
        {
            var unit = units[count];
            if (unit.CarriesText && scannedText - unit.TextEnd < holdback)
            {
                break;
            }

            count++;
        }

        if (count == 0)
        {
            return false;
        }

        var bytes = units[count - 1].ByteEnd;
        output.Write(held.Span[..bytes]);
        metrics.BytesOut(bytes);
        held.Compact(bytes);
        units.RemoveRange(0, count);
        for (var i = 0; i < units.Count; i++)
        {
            units[i] = units[i] with { ByteEnd = units[i].ByteEnd - bytes };
        }

        return true;
    }

    public static async ValueTask FlushAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        var result = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new OperationCanceledException("client went away", cancellationToken);
        }
    }
}
