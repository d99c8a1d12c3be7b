using AiSpm.Scanner.Model;

namespace AiSpm.Admin.Api;

/// <summary>Nodes and the edges between them; <see cref="Truncated"/> when the node cap cut the graph short.</summary>
internal sealed record GraphResponse(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<Edge> Edges, bool Truncated);
