namespace AiSpm.Scanner.Mapping;

/// <summary>Something the mapping could not use, with where it came from.</summary>
public sealed record MappingError(string Origin, string Code, string Message);
