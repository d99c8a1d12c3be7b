using AiSpm.Posture.Evaluation;

namespace AiSpm.Admin.Storage.Posture;

/// <summary>The stored and API names of a <see cref="ResultStatus"/>.</summary>
internal static class ResultStatusNames
{
    public const string Passing = "passing";
    public const string Failing = "failing";
    public const string Error = "error";
    public const string Excepted = "excepted";

    public static string Of(ResultStatus status) => status switch
    {
        ResultStatus.Passing => Passing,
        ResultStatus.Failing => Failing,
        ResultStatus.Error => Error,
        _ => Excepted,
    };

    public static ResultStatus Parse(string name) => name switch
    {
        Passing => ResultStatus.Passing,
        Failing => ResultStatus.Failing,
        Error => ResultStatus.Error,
        _ => ResultStatus.Excepted,
    };
}
