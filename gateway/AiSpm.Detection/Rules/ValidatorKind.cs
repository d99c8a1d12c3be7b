namespace AiSpm.Detection.Rules;

/// <summary>Checks that turn a pattern candidate into a finding.</summary>
internal enum ValidatorKind : byte
{
    None = 0,
    Luhn,
    Iban,
    UsSsn,
    GitHubToken,
    /// <summary>The assigned value of a secret-like name must look random and reach the entropy floor.</summary>
    Entropy,

    /// <summary>The whole candidate must look random (with digits) and reach the entropy floor.</summary>
    RandomToken,
    IpAddress,

    /// <summary>The first or last line of the candidate is an impersonal question or task (<see cref="Validation.TaskLine"/>).</summary>
    ImpersonalTask,
}
