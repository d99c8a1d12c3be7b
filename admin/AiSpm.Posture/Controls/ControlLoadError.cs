namespace AiSpm.Posture.Controls;

/// <summary>Why a control was refused at load: the file and line at fault and the reason.</summary>
public sealed record ControlLoadError(string File, int Line, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Reason}";
}
