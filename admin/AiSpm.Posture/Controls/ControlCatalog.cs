namespace AiSpm.Posture.Controls;

/// <summary>The controls that loaded, and every control refused with its file, line and reason.</summary>
public sealed record ControlCatalog(IReadOnlyList<Control> Controls, IReadOnlyList<ControlLoadError> Errors);
