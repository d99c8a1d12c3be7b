using System.Globalization;
using System.Text.Json;
using AiSpm.Admin.Json;
using AiSpm.Admin.Storage;
using AiSpm.Contracts;

namespace AiSpm.Admin.Guardian;

/// <summary>
/// Puts an enforce override for the target first in the gateway policy, through the same versioned store the
/// policy API writes, so every gateway picks it up on its next ETag poll. Rollback removes exactly that override and
/// leaves any other change made meanwhile in place.
/// </summary>
internal sealed class GatewayPolicyActuator(IAdminStore store, TimeProvider time) : IGuardianActuator
{
    private const int Attempts = 8;

    public string Kind => GuardianActionKind.GatewayEnforce;

    public async Task<ActuatorResult> ExecuteAsync(GuardianAction action, string who, CancellationToken cancellationToken)
    {
        if (OverrideFor(action.Target) is not { } added)
        {
            return ActuatorResult.Fail("target '" + action.Target + "' is not key:, team:, route: or model:");
        }

        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetPolicyAsync(cancellationToken) ?? GatewayPolicy.Default;
            if (Array.IndexOf(current.ModeOverrides, added) >= 0)
            {
                // Already there (an analyst added it by hand): nothing to change, and nothing for a rollback to remove.
                var same = Snapshot(current);
                return ActuatorResult.Done(same, same);
            }

            var next = current with
            {
                ModeOverrides = [added, .. current.ModeOverrides],
                UpdatedAt = time.GetUtcNow(),
                UpdatedBy = "guardian (" + who + ")",
            };
            try
            {
                var stored = await store.PutPolicyAsync(next, VersionOf(current), cancellationToken);
                return ActuatorResult.Done(Snapshot(current), Snapshot(stored));
            }
            catch (PolicyConflictException) when (attempt < Attempts)
            {
            }
        }
    }

    public async Task<ActuatorResult> RollbackAsync(GuardianAction action, string who, CancellationToken cancellationToken)
    {
        if (OverrideFor(action.Target) is not { } added)
        {
            return ActuatorResult.Fail("target '" + action.Target + "' is not key:, team:, route: or model:");
        }

        if (action.Before is { } before && JsonSerializer.Deserialize(before, AdminJsonContext.Default.GatewayPolicy) is { } previous
            && Array.IndexOf(previous.ModeOverrides, added) >= 0)
        {
            var unchanged = Snapshot(await store.GetPolicyAsync(cancellationToken) ?? GatewayPolicy.Default);
            return ActuatorResult.Done(unchanged, unchanged);
        }

        for (var attempt = 0; ; attempt++)
        {
            var current = await store.GetPolicyAsync(cancellationToken) ?? GatewayPolicy.Default;
            var index = Array.IndexOf(current.ModeOverrides, added);
            if (index < 0)
            {
                var same = Snapshot(current);
                return ActuatorResult.Done(same, same);
            }

            var next = current with
            {
                ModeOverrides = [.. current.ModeOverrides[..index], .. current.ModeOverrides[(index + 1)..]],
                UpdatedAt = time.GetUtcNow(),
                UpdatedBy = "guardian rollback (" + who + ")",
            };
            try
            {
                var stored = await store.PutPolicyAsync(next, VersionOf(current), cancellationToken);
                return ActuatorResult.Done(Snapshot(current), Snapshot(stored));
            }
            catch (PolicyConflictException) when (attempt < Attempts)
            {
            }
        }
    }

    /// <summary>The override an action on <paramref name="target"/> adds; null for a target it cannot express.</summary>
    public static ModeOverride? OverrideFor(string target)
    {
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == target.Length - 1)
        {
            return null;
        }

        var value = target[(colon + 1)..];
        return target[..colon] switch
        {
            "key" => new ModeOverride { Key = value, Mode = PolicyMode.Enforce },
            "team" => new ModeOverride { Team = value, Mode = PolicyMode.Enforce },
            "route" => new ModeOverride { Route = value, Mode = PolicyMode.Enforce },
            "model" => new ModeOverride { Model = value, Mode = PolicyMode.Enforce },
            _ => null,
        };
    }

    private static long VersionOf(GatewayPolicy p) => long.Parse(p.Version, CultureInfo.InvariantCulture);

    private static string Snapshot(GatewayPolicy p) => JsonSerializer.Serialize(p, AdminJsonContext.Default.GatewayPolicy);
}
