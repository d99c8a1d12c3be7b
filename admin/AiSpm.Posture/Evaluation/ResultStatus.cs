namespace AiSpm.Posture.Evaluation;

/// <summary>A control's result on one resource.</summary>
public enum ResultStatus
{
    Passing,
    Failing,

    /// <summary>The control could not decide: an evaluation error or an exhausted step or time budget.</summary>
    Error,

    /// <summary>Failing, under an exception that has not expired.</summary>
    Excepted,
}
