using AiSpm.Admin.Correlation;
using AiSpm.Admin.Guardian;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Sqlite;
using AiSpm.Admin.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AiSpm.Admin.Tests.Guardian;

/// <summary>Two admin replicas over one store: approving the same action on both runs its actuator once.</summary>
public sealed class GuardianReplicaTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "aispm-guardian-replicas-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task TwoReplicasApprovingOneActionExecuteItOnce()
    {
        var options = new StoreOptions { DataDirectory = _root };
        await using var admin = new SqliteAdminStore(options, new Correlator(new CorrelationOptions()), TimeProvider.System);
        await admin.InitializeAsync(CancellationToken.None);
        await admin.IngestAsync([.. Enumerable.Range(0, 3).Select(i => Events.Make(i, key: "racekey"))], CancellationToken.None);
        var settings = new GuardianSettings { Mode = GuardianSettings.Recommend, Window = TimeSpan.FromDays(1) };
        var actuator = new CountingActuator();
        GuardianService Replica()
        {
            var store = new SqliteGuardianStore(options, TimeProvider.System);
            return new GuardianService(settings, store, admin, new SqliteAssetStore(options, TimeProvider.System), [actuator], TimeProvider.System, NullLogger<GuardianService>.Instance);
        }

        await new SqliteGuardianStore(options, TimeProvider.System).InitializeAsync(CancellationToken.None);
        var first = Replica();
        var second = Replica();
        var proposed = Assert.Single((await first.RunAsync(dryRun: false, "analyst", CancellationToken.None)).Proposed);
        Assert.Empty((await second.RunAsync(dryRun: false, "analyst", CancellationToken.None)).Proposed);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            (i % 2 == 0 ? first : second).ApproveAsync(proposed.Id, "analyst" + i, null, CancellationToken.None)));

        Assert.Equal(1, actuator.Executions);
        Assert.Single(results, r => r.Outcome == GuardianOutcome.Done);
        Assert.All(results.Where(r => r.Outcome != GuardianOutcome.Done), r => Assert.Equal(GuardianOutcome.Conflict, r.Outcome));
    }

    [Fact]
    public async Task ClaimsAStoppedReplicaLeftBehindAreReleasedAndOnlyWhenStale()
    {
        var options = new StoreOptions { DataDirectory = _root };
        await using var admin = new SqliteAdminStore(options, new Correlator(new CorrelationOptions()), TimeProvider.System);
        await admin.InitializeAsync(CancellationToken.None);
        var store = new SqliteGuardianStore(options, TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        async Task<GuardianAction> Claimed(string id, string state, TimeSpan age)
        {
            var added = (await store.TryAddAsync(new GuardianAction
            {
                Id = id,
                Kind = GuardianActionKind.GatewayEnforce,
                Level = "block",
                Target = "key:" + id,
                FindingId = "f-" + id,
                FindingType = "prompt_injection_activity",
                Severity = "high",
                Reason = "test",
                State = GuardianActionState.Pending,
                CreatedAt = now - age,
                UpdatedAt = now - age,
            }, CancellationToken.None))!;
            if (state == GuardianActionState.RollingBack)
            {
                added = (await store.TryTransitionAsync(added with { State = GuardianActionState.Executed }, GuardianActionState.Pending, added.Revision, CancellationToken.None))!;
                return (await store.TryTransitionAsync(added with { State = state }, GuardianActionState.Executed, added.Revision, CancellationToken.None))!;
            }

            return (await store.TryTransitionAsync(added with { State = state }, GuardianActionState.Pending, added.Revision, CancellationToken.None))!;
        }

        await Claimed("deadrun", GuardianActionState.Executing, TimeSpan.FromMinutes(10));
        await Claimed("deadback", GuardianActionState.RollingBack, TimeSpan.FromMinutes(10));
        await Claimed("liverun", GuardianActionState.Executing, TimeSpan.FromSeconds(5));
        var guardian = new GuardianService(new GuardianSettings { Mode = GuardianSettings.Recommend }, store, admin,
            new SqliteAssetStore(options, TimeProvider.System), [new CountingActuator()], TimeProvider.System, NullLogger<GuardianService>.Instance);

        Assert.Equal(2, await guardian.RecoverAsync(GuardianScheduler.StaleClaim, CancellationToken.None));

        var failed = (await store.GetAsync("deadrun", CancellationToken.None))!;
        Assert.Equal(GuardianActionState.Failed, failed.State);
        Assert.Contains("unknown", failed.Error, StringComparison.Ordinal);
        Assert.Equal(GuardianActionState.Executed, (await store.GetAsync("deadback", CancellationToken.None))!.State);
        Assert.Equal(GuardianActionState.Executing, (await store.GetAsync("liverun", CancellationToken.None))!.State);
        Assert.Equal(["interrupted"], (await store.ListAuditAsync("deadrun", 10, CancellationToken.None)).Select(a => a.Step));
        Assert.Equal(["rollback_interrupted"], (await store.ListAuditAsync("deadback", 10, CancellationToken.None)).Select(a => a.Step));
        // The rollback can be asked for again and runs.
        var (again, outcome) = await guardian.RollbackAsync("deadback", "analyst", null, CancellationToken.None);
        Assert.Equal(GuardianOutcome.Done, outcome);
        Assert.Equal(GuardianActionState.RolledBack, again!.State);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class CountingActuator : IGuardianActuator
    {
        private int _executions;

        public int Executions => _executions;

        public string Kind => GuardianActionKind.GatewayEnforce;

        public async Task<ActuatorResult> ExecuteAsync(GuardianAction action, string who, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _executions);
            // Long enough that the other replicas' approvals arrive while this one is still running.
            await Task.Delay(100, cancellationToken);
            return ActuatorResult.Done("{}", "{}");
        }

        public Task<ActuatorResult> RollbackAsync(GuardianAction action, string who, CancellationToken cancellationToken) =>
            Task.FromResult(ActuatorResult.Done("{}", "{}"));
    }
}
