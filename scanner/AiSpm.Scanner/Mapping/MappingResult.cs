using AiSpm.Scanner.Model;

namespace AiSpm.Scanner.Mapping;

public sealed record MappingResult(IReadOnlyList<Asset> Assets, IReadOnlyList<Edge> Edges, IReadOnlyList<MappingError> Errors);
