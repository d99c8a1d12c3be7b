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

    /// <summary>
    /// Text dense with matches, one every 40 bytes or so (e-mail addresses, card numbers, inline event handlers): what
    /// a model dumping records or markup sends, where a stream's findings run into the thousands.
    /// </summary>
    Dense,
}
