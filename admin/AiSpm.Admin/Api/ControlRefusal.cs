namespace AiSpm.Admin.Api;

/// <summary>Why a control was refused: the file and line at fault and the reason.</summary>
internal sealed record ControlRefusal(string File, int Line, string Reason);
