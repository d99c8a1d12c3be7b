namespace AiSpm.Gateway.Traffic;

/// <summary>What one summary row is about: a minute (UTC ticks at its start) and who called what.</summary>
internal readonly record struct TrafficKey(long MinuteTicks, string Route, string? Model, string? Key, string? Team);
