namespace AiSpm.Detection;

/// <summary>
/// One confirmed detection. <see cref="RuleIndex"/> indexes <see cref="Inspector.Rules"/>; offsets are byte offsets
/// into the input the caller passed (the raw body, the text, or the concatenated text of a stream), so redaction
/// and evidence can point at the original bytes.
/// </summary>
public readonly record struct Finding(int RuleIndex, int Start, int End, float Score);
