using AiSpm.Scanner.Mapping;
using AiSpm.Scanner.Model;
using AiSpm.Scanner.Offline;
using AiSpm.Scanner.Output;

namespace AiSpm.Scanner.Cli;

/// <summary><c>aispm-scan --offline DIR [--json]</c>: the assets and edges of a folder of AWS CLI and LiteLLM answers.</summary>
internal static class ScanCommand
{
    private const string Usage = "usage: aispm scan --offline DIR [--json]";

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Stream stdout)
    {
        string? offline = null;
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--offline" when i + 1 < args.Length:
                    offline = args[++i];
                    break;
                case "--json":
                    json = true;
                    break;
                case "-h" or "--help":
                    output.WriteLine(Usage);
                    return Task.FromResult(0);
                default:
                    error.WriteLine("scan: unknown or incomplete argument '" + args[i] + "'");
                    error.WriteLine(Usage);
                    return Task.FromResult(2);
            }
        }

        if (offline is null)
        {
            error.WriteLine("scan: only --offline DIR is available from the command line; the live scan runs in the admin service");
            error.WriteLine(Usage);
            return Task.FromResult(2);
        }

        if (!Directory.Exists(offline))
        {
            error.WriteLine("scan: no such directory: " + offline);
            return Task.FromResult(2);
        }

        var (answers, readErrors) = OfflineExport.Read(offline);
        var mapped = EstateMapper.Map(answers, "offline", DateTimeOffset.UtcNow);
        var errors = new List<MappingError>(readErrors);
        errors.AddRange(mapped.Errors);
        if (json)
        {
            ScanJson.Write(stdout, mapped.Assets, mapped.Edges, errors);
            stdout.WriteByte((byte)'\n');
            stdout.Flush();
            return Task.FromResult(0);
        }

        WriteSummary(output, mapped.Assets, mapped.Edges, errors);
        return Task.FromResult(0);
    }

    private static void WriteSummary(TextWriter o, IReadOnlyList<Asset> assets, IReadOnlyList<Edge> edges, List<MappingError> errors)
    {
        var byKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in assets)
        {
            byKind[a.Kind] = byKind.GetValueOrDefault(a.Kind) + 1;
        }

        o.WriteLine(assets.Count + " assets, " + edges.Count + " edges, " + errors.Count + " errors");
        foreach (var (kind, n) in byKind)
        {
            o.WriteLine("  " + kind.PadRight(20) + n);
        }

        foreach (var a in assets)
        {
            o.WriteLine(a.Kind.PadRight(20) + a.Name.PadRight(40) + a.Id);
        }

        foreach (var e in edges)
        {
            o.WriteLine("edge " + e.From + " -" + e.Type + "-> " + e.To);
        }

        foreach (var e in errors)
        {
            o.WriteLine("error " + e.Origin + ": " + e.Code + ": " + e.Message);
        }
    }
}
