namespace AiSpm.Detection;

/// <summary>Which side of the model call a text belongs to.</summary>
[Flags]
public enum ScanPhase : byte
{
    Request = 1,
    Response = 2,
    Both = Request | Response,
}
