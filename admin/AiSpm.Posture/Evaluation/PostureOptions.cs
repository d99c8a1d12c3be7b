using System.Text.Json.Nodes;

namespace AiSpm.Posture.Evaluation;

/// <summary>Limits and settings of a posture evaluation.</summary>
public sealed record PostureOptions
{
    public static readonly PostureOptions Default = new();

    private readonly TimeSpan _resourceTime = TimeSpan.FromMilliseconds(100);
    private readonly long _resourceSteps = 5_000_000;

    /// <summary>Wall time one control may spend on one resource before its result is an error (default 100 ms).</summary>
    public TimeSpan ResourceTimeBudget
    {
        get => _resourceTime;
        init => _resourceTime = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be positive");
    }

    /// <summary>Evaluation steps (literals and calls) one control may take on one resource.</summary>
    public long ResourceStepBudget
    {
        get => _resourceSteps;
        init => _resourceSteps = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be positive");
    }

    /// <summary>Settings the controls read under <c>data.aispm.config</c> (e.g. <c>approved_models</c>), keys as written;
    /// used when the evaluation builds its own <see cref="PostureInventory"/>.</summary>
    public JsonObject? Config { get; init; }

    /// <summary>What the controls read under <c>data.aispm.behaviour</c> (built by <see cref="Behaviour.BehaviourDocument"/>);
    /// used when the evaluation builds its own <see cref="PostureInventory"/>.</summary>
    public JsonObject? Behaviour { get; init; }

    /// <summary>When set, only these resources are judged (the rest of the inventory is still visible as <c>data.aispm</c>):
    /// the admin re-evaluates what a change touched instead of everything.</summary>
    public IReadOnlySet<string>? Resources { get; init; }

    /// <summary>The time exceptions are judged at; null means now.</summary>
    public DateTimeOffset? Now { get; init; }
}
