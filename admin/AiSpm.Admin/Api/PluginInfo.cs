namespace AiSpm.Admin.Api;

/// <summary>One loaded component: detector, rule pack, scanner, sink, storage, auth.</summary>
internal sealed record PluginInfo(string Kind, string Name, string Version, string? Detail);
