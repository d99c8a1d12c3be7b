namespace AiSpm.Benchmarks.Inputs;

public enum PayloadKind
{
    Benign,
    Attack,
}
