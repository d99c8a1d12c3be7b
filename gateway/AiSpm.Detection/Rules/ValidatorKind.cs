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

    /// <summary>A phone number libphonenumber confirms as valid (<see cref="Validation.PhoneValidator"/>).</summary>
    Phone,

    /// <summary>A street address whose house number is not a year (<see cref="Validation.AddressChecks"/>).</summary>
    StreetAddress,

    /// <summary>A postcode whose letters are not a unit or abbreviation (<see cref="Validation.AddressChecks"/>).</summary>
    Postcode,

    /// <summary>A name after a cue: a title, or a word in the name lists (<see cref="Validation.PersonNames"/>).</summary>
    PersonName,

    /// <summary>A bare given name and surname, both unambiguous names (<see cref="Validation.PersonNames"/>).</summary>
    NamePair,
}
