namespace AiSpm.Admin.Api;

internal sealed record GraphNode(string Id, string Kind, string Provider, string Name, string? Owner);
