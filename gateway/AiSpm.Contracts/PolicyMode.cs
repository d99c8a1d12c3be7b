namespace AiSpm.Contracts;

/// <summary>The gateway's inspection modes.</summary>
public static class PolicyMode
{
    public const string Monitor = "monitor";
    public const string Enforce = "enforce";

    public static bool IsMode(string? value) => value is Monitor or Enforce;
}
