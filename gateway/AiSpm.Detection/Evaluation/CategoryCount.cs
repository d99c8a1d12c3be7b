namespace AiSpm.Detection.Evaluation;

/// <summary>Attack rows of one category and how many of them were detected.</summary>
public readonly record struct CategoryCount(int Count, int Detected);
