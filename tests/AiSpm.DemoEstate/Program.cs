using System.Runtime.InteropServices;
using AiSpm.Fakes;

namespace AiSpm.DemoEstate;

/// <summary>
/// <c>AiSpm.DemoEstate --estate FILE</c>: serves a FAKE AWS endpoint (SigV4 checked with the fake's test secret) and a
/// FAKE LiteLLM proxy (master key <see cref="FakeLiteLlm.MasterKey"/>) and a FAKE Temporal frontend (namespace
/// <c>group-sales</c>, plain HTTP/2) holding the estate FILE describes, with a FAKE Security Hub on the AWS endpoint
/// (<see cref="FakeSecurityHub"/>: the admin's securityhub sink imports into it, GetFindings reads it back), prints <c>demo-estate-aws: URL</c>,
/// <c>demo-estate-litellm: URL</c>, <c>demo-estate-temporal: HOST:PORT</c> and then <c>demo-estate: URL</c> (the AWS endpoint),
/// and runs until stopped. Requests whose answers do not match botocore's models are reported on stderr.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var estatePath = args.Length == 2 && args[0] == "--estate" ? args[1] : null;
        if (estatePath is null || !File.Exists(estatePath))
        {
            await Console.Error.WriteLineAsync("usage: AiSpm.DemoEstate --estate FILE (config/hospitality-group-sales.example.json)");
            return 2;
        }

        var estate = HospitalityEstate.Load(estatePath);
        await using var aws = await FakeAws.StartAsync();
        await using var lite = await FakeLiteLlm.StartAsync(keys: 0);
        HospitalityEstate.Configure(aws, lite, estate);
        FakeSecurityHub.Attach(aws);
        await using var temporal = await FakeTemporal.StartAsync(HospitalityWorkflows.Namespace, HospitalityWorkflows.Runs(estate, DateTimeOffset.UtcNow));
        Console.WriteLine("demo-estate-aws: " + aws.Url);
        Console.WriteLine("demo-estate-litellm: " + lite.Url);
        Console.WriteLine("demo-estate-temporal: " + temporal.Address);
        Console.WriteLine("demo-estate: " + aws.Url);
        await Console.Out.FlushAsync();

        using var stop = new CancellationTokenSource();
        // ./aispm up stops its services with SIGTERM (Ctrl-C sends SIGINT): both end the wait below so the fakes are
        // disposed and Main returns; without a handler the runtime would wait on the running Kestrel hosts.
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        var reported = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(1000, stop.Token);
                foreach (var e in aws.ShapeErrors.Skip(reported).ToArray())
                {
                    await Console.Error.WriteLineAsync("demo-estate: answer does not match the model: " + e);
                    reported++;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
