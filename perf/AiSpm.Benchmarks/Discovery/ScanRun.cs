using System.Diagnostics;
using System.Globalization;
using AiSpm.Benchmarks.Inputs;
using AiSpm.Fakes;
using AiSpm.Scanner.Aws;
using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.LiteLlm;
using AiSpm.Scanner.Model;
using Amazon.Runtime;

namespace AiSpm.Benchmarks.Discovery;

/// <summary>
/// <c>AiSpm.Benchmarks scan [--agents N] [--keys N] [--runs N]</c>: a full discovery scan (the AWS connector over every
/// service, IAM, and the LiteLLM connector, over HTTP with SigV4) of a generated estate served by the FAKE AWS endpoint
/// and FAKE LiteLLM proxy (tests/AiSpm.DemoEstate, a process of its own), then rescans of the unchanged estate diffed
/// against the first. Prints the time of each scan, the assets and edges found, what a rescan would write (nothing,
/// when nothing changed) and the scan process's peak RSS.
/// Exit 1 when a connector is not ok or a rescan of the unchanged estate would write anything.
/// </summary>
internal static class ScanRun
{
    private static readonly string[] AllButIam = ["bedrock", "bedrock-agent", "bedrock-agentcore-control", "sagemaker", "lambda", "xray"];

    public static int Run(ReadOnlySpan<string> args, TextWriter o)
    {
        var agents = 1_000;
        var keys = 500;
        var runs = 2;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var n = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--agents":
                    agents = n;
                    break;
                case "--keys":
                    keys = n;
                    break;
                case "--runs":
                    runs = n;
                    break;
                default:
                    throw new ArgumentException("unknown argument " + args[i]);
            }
        }

        return RunAsync(agents, keys, runs, o).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int agents, int keys, int runs, TextWriter o)
    {
        // The fakes serve the estate from a process of their own (tests/AiSpm.DemoEstate), so this process's peak RSS
        // is the scan's alone.
        var estateFile = Path.Combine(Path.GetTempPath(), "aispm-scan-estate-" + Environment.ProcessId + ".json");
        await File.WriteAllTextAsync(estateFile, ScanEstate.Create(agents, keys).ToJsonString());
        using var fakes = StartFakes(estateFile);
        try
        {
            var (awsUrl, liteUrl) = await ReadUrlsAsync(fakes);
            return await ScanAsync(awsUrl, liteUrl, runs, o, fakes);
        }
        finally
        {
            fakes.Kill(entireProcessTree: true);
            await fakes.WaitForExitAsync();
            File.Delete(estateFile);
        }
    }

    private static Process StartFakes(string estateFile)
    {
        var dll = Path.Combine(RepoPaths.Root, "tests", "AiSpm.DemoEstate", "bin", "Release", "net10.0", "AiSpm.DemoEstate.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("build tests/AiSpm.DemoEstate (Release) first: ./aispm build", dll);
        }

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--estate");
        psi.ArgumentList.Add(estateFile);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the fakes");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 })
            {
                Interlocked.Increment(ref _fakeErrors);
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    private static int _fakeErrors;

    private static async Task<(string Aws, string LiteLlm)> ReadUrlsAsync(Process fakes)
    {
        string? aws = null, lite = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((aws is null || lite is null) && await fakes.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("demo-estate-aws: ", StringComparison.Ordinal))
            {
                aws = line["demo-estate-aws: ".Length..].Trim();
            }
            else if (line.StartsWith("demo-estate-litellm: ", StringComparison.Ordinal))
            {
                lite = line["demo-estate-litellm: ".Length..].Trim();
            }
        }

        return (aws ?? throw new InvalidOperationException("the fakes did not print their AWS URL"), lite ?? throw new InvalidOperationException("the fakes did not print their LiteLLM URL"));
    }

    private static async Task<int> ScanAsync(string awsUrl, string liteUrl, int runs, TextWriter o, Process fakes)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(60) };
        var client = new AwsClient(http, new BasicAWSCredentials(FakeAws.AccessKey, FakeAws.SecretKey), new AwsClientOptions(),
            new AwsEndpoints(name => name == "AWS_ENDPOINT_URL" ? awsUrl : null));
        IDiscoveryConnector[] Connectors() =>
        [
            new AwsConnector(new AwsConnectorSettings { Name = "aws", Services = AllButIam, Regions = ["us-east-1"] }, client),
            new AwsConnector(new AwsConnectorSettings { Name = "aws-iam", Services = ["iam"], Regions = ["us-east-1"] }, client),
            new LiteLlmConnector(new LiteLlmSettings { Name = "litellm", BaseUrl = new Uri(liteUrl) }, http, name => name == "LITELLM_MASTER_KEY" ? FakeLiteLlm.MasterKey : null),
        ];

        var status = 0;
        ScanResult? first = null;
        for (var r = 0; r <= runs; r++)
        {
            var sw = Stopwatch.StartNew();
            var result = await new DiscoveryScan(Connectors()).RunAsync(CancellationToken.None);
            sw.Stop();
            var kinds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in result.Assets)
            {
                kinds.Add(a.Kind);
            }

            foreach (var c in result.Connectors)
            {
                if (c.Status != ConnectorStatus.Ok)
                {
                    o.WriteLine("connector " + c.Connector + ": " + c.Status + " " + string.Join("; ", c.FailedCalls));
                    status = 1;
                }
            }

            var changes = ChangeDetector.Detect(first?.Assets ?? [], first?.Edges ?? [], result.Assets, result.Edges, result.ScanId, result.At);
            var label = first is null ? "scan" : "rescan " + r.ToString(CultureInfo.InvariantCulture);
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {sw.Elapsed.TotalSeconds:0.00} s; {result.Assets.Count:N0} assets of {kinds.Count} kinds, {result.Edges.Count:N0} edges; writes {changes.Upserts.Count:N0} assets, {changes.Removed.Count:N0} removals, {changes.EdgesAdded.Count + changes.EdgesRemoved.Count:N0} edge changes"));
            if (first is not null && !changes.IsEmpty)
            {
                o.WriteLine("a rescan of the unchanged estate would write: that is a bug");
                status = 1;
            }

            first ??= result;
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        fakes.Refresh();
        // The fakes report each answer that does not match botocore's models on stderr, once a second.
        await Task.Delay(1500);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak RSS of the scan's process {self.PeakWorkingSet64 / (1024.0 * 1024):0} MB (the fakes run apart: {fakes.PeakWorkingSet64 / (1024.0 * 1024):0} MB); {Volatile.Read(ref _fakeErrors)} lines on the fakes' stderr (answers off botocore's models)"));
        if (Volatile.Read(ref _fakeErrors) > 0)
        {
            status = 1;
        }
        return status;
    }
}
