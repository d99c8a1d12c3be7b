namespace AiSpm.Admin.Api;

internal sealed record PluginsResponse(IReadOnlyList<PluginInfo> Items);
