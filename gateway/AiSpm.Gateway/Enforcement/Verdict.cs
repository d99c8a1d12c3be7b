namespace AiSpm.Gateway.Enforcement;

/// <summary>What the gateway does with one scanned request or response.</summary>
internal readonly record struct Verdict(int BlockingRule, int RedactCount)
{
    public static readonly Verdict Allow = new(-1, 0);

    public bool Blocked => BlockingRule >= 0;
}
