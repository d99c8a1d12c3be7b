namespace AiSpm.Contracts;

/// <summary>The scopes a <see cref="RateLimit"/> applies to.</summary>
public static class LimitScope
{
    public const string Key = "key";
    public const string Team = "team";
    public const string Model = "model";

    public static bool IsScope(string? value) => value is Key or Team or Model;
}
