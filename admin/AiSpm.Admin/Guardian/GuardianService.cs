using AiSpm.Admin.Storage;
using AiSpm.Admin.Storage.Assets;
using AiSpm.Contracts;
using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Guardian;

/// <summary>
/// The one home of every Guardian step (a pass, approve, reject, execute, roll back). Each step first wins a
/// conditional state transition and only then acts, and each leaves an audit record, so two admin replicas never
/// run one action twice and the trail shows every step.
/// </summary>
internal sealed class GuardianService(
    GuardianSettings settings,
    IGuardianStore store,
    IAdminStore admin,
    IAssetStore assets,
    IEnumerable<IGuardianActuator> actuators,
    TimeProvider time,
    ILogger<GuardianService> logger)
{
    public const string Self = "guardian";
    private const int FindingsPerSeverity = 500;

    public GuardianSettings Settings => settings;

    public async Task<GuardianRunResult> RunAsync(bool dryRun, string who, CancellationToken cancellationToken)
    {
        if (settings.IsOff)
        {
            return new GuardianRunResult { Mode = settings.Mode, DryRun = dryRun, Proposed = [], Executed = [] };
        }

        var now = time.GetUtcNow();
        var findings = new List<FindingRecord>();
        foreach (var severity in (string[])[EventSeverity.Critical, EventSeverity.High])
        {
            var page = await admin.QueryFindingsAsync(new FindingQuery { Severity = severity, Limit = FindingsPerSeverity }, cancellationToken);
            findings.AddRange(page.Items);
        }

        var policy = await admin.GetPolicyAsync(cancellationToken) ?? GatewayPolicy.Default;
        var existing = await store.ListAsync(null, 1000, cancellationToken);
        var context = await ContextAsync(findings, cancellationToken);
        var plan = GuardianPlanner.Plan(findings, policy, existing, settings, now, context);
        if (dryRun)
        {
            return new GuardianRunResult { Mode = settings.Mode, DryRun = true, Proposed = plan, Executed = [] };
        }

        var proposed = new List<GuardianAction>();
        var executed = new List<GuardianAction>();
        foreach (var planned in plan)
        {
            if (await store.TryAddAsync(planned, cancellationToken) is not { } action)
            {
                continue;
            }

            proposed.Add(action);
            GuardianLog.Proposed(logger, action.Kind, action.Target, action.Id, action.FindingId);
            await AuditAsync(action, "proposed", who, action.Reason, null, null, cancellationToken);
            if (action.Reversible && settings.ModeFor(action.FindingType, action.Severity) == GuardianSettings.Auto)
            {
                var (ran, outcome) = await ExecuteAsync(action, Self, "auto mode runs reversible actions alone", cancellationToken);
                if (outcome == GuardianOutcome.Done)
                {
                    executed.Add(ran!);
                }
            }
        }

        return new GuardianRunResult { Mode = settings.Mode, Proposed = proposed, Executed = executed };
    }

    /// <summary>
    /// Claims left by a replica that died mid-step (SIGKILL, a lost host): an action in <c>executing</c> longer than
    /// <paramref name="staleAfter"/> becomes <c>failed</c>, since whether its change landed is unknown and a person must
    /// look (the next pass may propose it again); one in <c>rolling_back</c> returns to <c>executed</c>, so the rollback,
    /// which every actuator can repeat safely, can be asked for again. No live replica holds a claim that long: every
    /// actuator call has a timeout far shorter.
    /// </summary>
    public async Task<int> RecoverAsync(TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var recovered = 0;
        foreach (var (state, next, step, why) in ((string, string, string, string)[])[
            (GuardianActionState.Executing, GuardianActionState.Failed, "interrupted",
                "the admin stopped while this action ran; whether it took effect is unknown: check the target before acting again"),
            (GuardianActionState.RollingBack, GuardianActionState.Executed, "rollback_interrupted",
                "the admin stopped while this rollback ran; roll back again")])
        {
            foreach (var action in await store.ListAsync(state, 1000, cancellationToken))
            {
                if (action.UpdatedAt > now - staleAfter)
                {
                    continue;
                }

                var moved = await store.TryTransitionAsync(action with { State = next, Error = why, UpdatedAt = now, UpdatedBy = Self }, state, action.Revision, cancellationToken);
                if (moved is not null)
                {
                    recovered++;
                    GuardianLog.Interrupted(logger, action.Id, state, next);
                    await AuditAsync(moved, step, Self, why, null, null, cancellationToken);
                }
            }
        }

        return recovered;
    }

    public async Task<(GuardianAction? Action, GuardianOutcome Outcome)> ApproveAsync(string id, string who, string? why, CancellationToken cancellationToken)
    {
        var action = await store.GetAsync(id, cancellationToken);
        return action is null ? (null, GuardianOutcome.NotFound) : await ExecuteAsync(action, who, why ?? "approved by an analyst", cancellationToken);
    }

    public async Task<(GuardianAction? Action, GuardianOutcome Outcome)> RejectAsync(string id, string who, string? why, CancellationToken cancellationToken)
    {
        var action = await store.GetAsync(id, cancellationToken);
        if (action is null)
        {
            return (null, GuardianOutcome.NotFound);
        }

        if (action.State != GuardianActionState.Pending)
        {
            return (action, GuardianOutcome.Conflict);
        }

        var rejected = await store.TryTransitionAsync(
            action with { State = GuardianActionState.Rejected, UpdatedAt = time.GetUtcNow(), UpdatedBy = who }, GuardianActionState.Pending, action.Revision, cancellationToken);
        if (rejected is null)
        {
            return (await store.GetAsync(id, cancellationToken), GuardianOutcome.Conflict);
        }

        await AuditAsync(rejected, "rejected", who, why ?? "rejected by an analyst", null, null, cancellationToken);
        return (rejected, GuardianOutcome.Done);
    }

    public async Task<(GuardianAction? Action, GuardianOutcome Outcome)> RollbackAsync(string id, string who, string? why, CancellationToken cancellationToken)
    {
        var action = await store.GetAsync(id, cancellationToken);
        if (action is null)
        {
            return (null, GuardianOutcome.NotFound);
        }

        if (action.State != GuardianActionState.Executed || Actuator(action.Kind) is not { } actuator)
        {
            return (action, GuardianOutcome.Conflict);
        }

        var claimed = await store.TryTransitionAsync(
            action with { State = GuardianActionState.RollingBack, UpdatedAt = time.GetUtcNow(), UpdatedBy = who }, GuardianActionState.Executed, action.Revision, cancellationToken);
        if (claimed is null)
        {
            GuardianLog.LostRace(logger, id);
            return (await store.GetAsync(id, cancellationToken), GuardianOutcome.Conflict);
        }

        var result = await RunSafelyAsync(() => actuator.RollbackAsync(action, who, cancellationToken), cancellationToken);
        if (!result.Ok)
        {
            GuardianLog.Failed(logger, id, action.Kind, result.Error!);
            var back = await store.TryTransitionAsync(
                claimed with { State = GuardianActionState.Executed, Error = "rollback failed: " + result.Error, UpdatedAt = time.GetUtcNow() },
                GuardianActionState.RollingBack, claimed.Revision, cancellationToken);
            await AuditAsync(claimed, "rollback_failed", who, result.Error!, null, null, cancellationToken);
            return (back ?? claimed, GuardianOutcome.Failed);
        }

        var done = await store.TryTransitionAsync(
            claimed with { State = GuardianActionState.RolledBack, Error = null, UpdatedAt = time.GetUtcNow() },
            GuardianActionState.RollingBack, claimed.Revision, cancellationToken);
        GuardianLog.RolledBack(logger, id, action.Kind, action.Target, who);
        await AuditAsync(claimed, "rolled_back", who, why ?? "rolled back by an analyst", result.Before, result.After, cancellationToken);
        return (done ?? claimed, GuardianOutcome.Done);
    }

    private async Task<(GuardianAction? Action, GuardianOutcome Outcome)> ExecuteAsync(GuardianAction action, string who, string why, CancellationToken cancellationToken)
    {
        if (action.State != GuardianActionState.Pending)
        {
            return (action, GuardianOutcome.Conflict);
        }

        var claimed = await store.TryTransitionAsync(
            action with { State = GuardianActionState.Executing, UpdatedAt = time.GetUtcNow(), UpdatedBy = who }, GuardianActionState.Pending, action.Revision, cancellationToken);
        if (claimed is null)
        {
            GuardianLog.LostRace(logger, action.Id);
            return (await store.GetAsync(action.Id, cancellationToken), GuardianOutcome.Conflict);
        }

        await AuditAsync(claimed, "approved", who, why, null, null, cancellationToken);
        var result = Actuator(action.Kind) is { } actuator
            ? await RunSafelyAsync(() => actuator.ExecuteAsync(claimed, who, cancellationToken), cancellationToken)
            : ActuatorResult.Fail("no actuator for " + action.Kind + " is configured");
        if (!result.Ok)
        {
            GuardianLog.Failed(logger, action.Id, action.Kind, result.Error!);
            var failed = await store.TryTransitionAsync(
                claimed with { State = GuardianActionState.Failed, Error = result.Error, UpdatedAt = time.GetUtcNow() },
                GuardianActionState.Executing, claimed.Revision, cancellationToken);
            await AuditAsync(claimed, "failed", who, result.Error!, null, null, cancellationToken);
            return (failed ?? claimed, GuardianOutcome.Failed);
        }

        var done = await store.TryTransitionAsync(
            claimed with { State = GuardianActionState.Executed, Before = result.Before, After = result.After, UpdatedAt = time.GetUtcNow() },
            GuardianActionState.Executing, claimed.Revision, cancellationToken);
        GuardianLog.Executed(logger, action.Kind, action.Target, action.Id, who);
        await AuditAsync(claimed, "executed", who, action.Reason, result.Before, result.After, cancellationToken);
        return (done ?? claimed, GuardianOutcome.Done);
    }

    /// <summary>The workflows orchestrating each asset an activity finding names, read only when quarantine is configured.</summary>
    private async Task<GuardianContext> ContextAsync(List<FindingRecord> findings, CancellationToken cancellationToken)
    {
        if (settings.TemporalAddress is null)
        {
            return GuardianContext.Empty;
        }

        var workflows = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var f in findings)
        {
            if (f.Type == Posture.PostureFindings.Type)
            {
                continue;
            }

            foreach (var id in GuardianPlanner.AssetsOf(f))
            {
                if (workflows.ContainsKey(id) || workflows.Count >= 1000)
                {
                    continue;
                }

                var found = new List<string>();
                foreach (var edge in await assets.EdgesOfAsync(id, cancellationToken))
                {
                    if (edge.Type == EdgeTypes.Orchestrates && edge.To == id && !found.Contains(edge.From))
                    {
                        found.Add(edge.From);
                    }
                }

                workflows[id] = found;
            }
        }

        return new GuardianContext { WorkflowsOrchestrating = workflows };
    }

    private IGuardianActuator? Actuator(string kind)
    {
        foreach (var a in actuators)
        {
            if (a.Kind == kind)
            {
                return a;
            }
        }

        return null;
    }

    /// <summary>
    /// An actuator that throws (a network error or timeout, a refused call, a store error) is a failed step, not a
    /// claim left in executing forever; only the caller's own cancellation escapes.
    /// </summary>
    private static async Task<ActuatorResult> RunSafelyAsync(Func<Task<ActuatorResult>> step, CancellationToken cancellationToken)
    {
        try
        {
            return await step();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return ActuatorResult.Fail(ex.GetType().Name + ": " + ex.Message);
        }
    }

    private Task AuditAsync(GuardianAction action, string step, string who, string why, string? before, string? after, CancellationToken cancellationToken) =>
        store.AppendAuditAsync(new GuardianAudit
        {
            Id = Guid.NewGuid().ToString("N"),
            ActionId = action.Id,
            Step = step,
            Who = who,
            At = time.GetUtcNow(),
            Why = why,
            FindingId = action.FindingId,
            Before = before,
            After = after,
        }, cancellationToken);
}
