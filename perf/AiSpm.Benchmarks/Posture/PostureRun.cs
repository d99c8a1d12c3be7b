using System.Diagnostics;
using System.Globalization;
using AiSpm.Posture.Behaviour;
using AiSpm.Posture.Evaluation;

namespace AiSpm.Benchmarks.Posture;

/// <summary>
/// <c>AiSpm.Benchmarks posture [--controls N] [--resources N] [--runs N] [--per-control]</c>: times <see cref="PostureEvaluator.Evaluate"/>
/// on N controls (compiled once, outside the timing) each over N resources of its kind: the goal is 40 controls
/// over 10,000 resources in under 2 s on one core (./aispm bench posture pins it with taskset). Prints one line per run
/// and the best; exit 1 when a result is an error, since a run that errors measures the error path. With
/// <c>--per-control</c> it also times each control alone over the same inventory (µs and bytes allocated per
/// evaluation), so a control whose cost grows with the estate stands out: run it at two estate sizes and compare.
/// </summary>
internal static class PostureRun
{
    public static int Run(ReadOnlySpan<string> args, TextWriter o)
    {
        var controls = 40;
        var resources = 10_000;
        var runs = 3;
        var perControl = false;
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] == "--per-control")
            {
                perControl = true;
                i--;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException("missing value after " + args[i]);
            }

            var n = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--controls":
                    controls = n;
                    break;
                case "--resources":
                    resources = n;
                    break;
                case "--runs":
                    runs = n;
                    break;
                default:
                    throw new ArgumentException("unknown argument " + args[i]);
            }
        }

        var compile = Stopwatch.StartNew();
        var loaded = PostureWorkload.LoadControls(controls);
        compile.Stop();
        var workload = PostureWorkload.Create(loaded, resources);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"posture: {loaded.Count} controls (loaded, tested and compiled in {compile.Elapsed.TotalMilliseconds:0} ms), {resources:N0} resources each, {workload.Assets.Count:N0} assets and {workload.Edges.Count:N0} edges in the inventory, {workload.Evaluations:N0} evaluations"));

        // Warm-up on a slice, so the timed runs measure steady-state code rather than the JIT.
        var warm = PostureWorkload.Create(loaded, Math.Min(resources, 200));
        var warmBehaviour = BehaviourDocument.Build(warm.Assets, warm.Edges, warm.Traffic, new BehaviourWindow { Now = PostureWorkload.Now });
        PostureEvaluator.Evaluate(loaded, new PostureInventory(warm.Assets, warm.Edges, PostureWorkload.Config, warmBehaviour));

        if (perControl)
        {
            PerControl(workload, o);
        }

        var best = TimeSpan.MaxValue;
        PostureReport? report = null;
        for (var r = 0; r < runs; r++)
        {
            GC.Collect();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var inventoryTime = Stopwatch.StartNew();
            var behaviour = BehaviourDocument.Build(workload.Assets, workload.Edges, workload.Traffic, new BehaviourWindow { Now = PostureWorkload.Now });
            // AISPM_BENCH_NO_BEHAVIOUR set: the same run without data.aispm.behaviour, to tell its cost apart.
            var inventory = new PostureInventory(workload.Assets, workload.Edges, PostureWorkload.Config, Environment.GetEnvironmentVariable("AISPM_BENCH_NO_BEHAVIOUR") is null ? behaviour : null);
            inventoryTime.Stop();
            var sw = Stopwatch.StartNew();
            report = PostureEvaluator.Evaluate(workload.Controls, inventory);
            sw.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            best = sw.Elapsed < best ? sw.Elapsed : best;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {r + 1}: inventory {inventoryTime.Elapsed.TotalSeconds:0.000} s; evaluation {sw.Elapsed.TotalSeconds:0.000} s, {sw.Elapsed.TotalMicroseconds / workload.Evaluations:0.00} µs per evaluation; {allocated / workload.Evaluations:N0} B allocated per evaluation (both)"));
        }

        var counts = new int[4];
        var evaluated = 0;
        foreach (var c in report!.Controls)
        {
            foreach (var res in c.Results)
            {
                counts[(int)res.Status]++;
                evaluated++;
            }
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best evaluation: {best.TotalSeconds:0.000} s for {evaluated:N0} evaluations ({best.TotalMicroseconds / evaluated:0.00} µs each); results: {counts[0]:N0} passing, {counts[1]:N0} failing, {counts[2]:N0} error, {counts[3]:N0} excepted"));
        if (counts[2] > 0)
        {
            foreach (var c in report.Controls)
            {
                foreach (var res in c.Results)
                {
                    if (res.Status == ResultStatus.Error)
                    {
                        o.WriteLine($"error: {res.ControlId} {res.ResourceId}: {res.Message}");
                        return 1;
                    }
                }
            }
        }

        return 0;
    }

    /// <summary>Each control alone over the whole inventory: allocation per evaluation is the steady signal on a noisy
    /// machine (time varies with load), and a figure that grows with <c>--resources</c> marks a control that scans the estate.</summary>
    private static void PerControl(PostureWorkload workload, TextWriter o)
    {
        var behaviour = BehaviourDocument.Build(workload.Assets, workload.Edges, workload.Traffic, new BehaviourWindow { Now = PostureWorkload.Now });
        var inventory = new PostureInventory(workload.Assets, workload.Edges, PostureWorkload.Config, behaviour);
        o.WriteLine("per control: id, evaluations, µs per evaluation, bytes allocated per evaluation");
        foreach (var control in workload.Controls)
        {
            // Once untimed, so the per-resource data documents and the JIT are not charged to the first control.
            PostureEvaluator.Evaluate([control], inventory);
            GC.Collect();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            var report = PostureEvaluator.Evaluate([control], inventory);
            sw.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var n = Math.Max(1, report.Controls[0].Results.Count);
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {control.Metadata.Id,-40} {n,8:N0} {sw.Elapsed.TotalMicroseconds / n,10:0.00} µs {allocated / n,12:N0} B"));
        }
    }
}
