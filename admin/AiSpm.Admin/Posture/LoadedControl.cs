using AiSpm.Posture.Controls;

namespace AiSpm.Admin.Posture;

/// <summary>A control in force: a built-in one (from the controls folder) or a custom one (from the store, with its version).</summary>
internal sealed record LoadedControl(Control Control, bool BuiltIn, long? Version, string? Test, string? By, DateTimeOffset? At)
{
    public string Id => Control.Metadata.Id;
}
