namespace AiSpm.Scanner.Model;

/// <summary>A directed relation between two assets, by their ids; <see cref="Type"/> is one of <see cref="EdgeTypes"/>.</summary>
public readonly record struct Edge(string From, string To, string Type);
