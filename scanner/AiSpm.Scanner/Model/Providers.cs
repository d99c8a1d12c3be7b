namespace AiSpm.Scanner.Model;

/// <summary>Who an asset belongs to.</summary>
public static class Providers
{
    public const string Aws = "aws";
    public const string LiteLlm = "litellm";
    public const string Temporal = "temporal";
    public const string Gateway = "gateway";
}
