namespace AiSpm.Benchmarks.Inputs;

public enum PayloadKind
{
    Benign,
    Attack,

    /// <summary>
    /// Real text: the benign rows of the shared corpus's train.jsonl one after another (questions, code, maths, mail,
    /// several languages). It fires far more pieces than the repeated sentences of <see cref="Benign"/>, so it is what
    /// a long retrieved document costs.
    /// </summary>
    Corpus,
}
