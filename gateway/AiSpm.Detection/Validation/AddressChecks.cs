namespace AiSpm.Detection.Validation;

/// <summary>Refuses street-address and postcode candidates that prose and technical text make by accident.</summary>
internal static class AddressChecks
{
    /// <summary>
    /// A street candidate whose house number is a year ("in 2019 Wall Street banks ...") is a date, not an address;
    /// house numbers from 1900 to 2099 are missed for it.
    /// </summary>
    public static bool IsStreetAddress(ReadOnlySpan<byte> candidate)
    {
        var start = candidate.IndexOfAnyInRange((byte)'0', (byte)'9');
        if (start < 0)
        {
            // The name-first layouts ("Hauptstrasse 5") end with the number.
            return true;
        }

        var digits = candidate[start..];
        var end = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        var number = end < 0 ? digits : digits[..end];
        return !(start == 0 && number.Length == 4 && (number.StartsWith("19"u8) || number.StartsWith("20"u8)));
    }

    /// <summary>
    /// The letters of a postcode candidate must not be a unit or an abbreviation that follows a number in technical
    /// text: "PS5 4GB", "1080 HD Video", "2000 BC".
    /// </summary>
    public static bool IsPostcode(ReadOnlySpan<byte> candidate)
    {
        // The last two capitals that follow a digit (UK inward code, Dutch letters).
        for (var i = candidate.Length - 2; i >= 1; i--)
        {
            if (IsUpper(candidate[i]) && IsUpper(candidate[i + 1]) && (i + 2 == candidate.Length || !IsUpper(candidate[i + 2])))
            {
                var before = candidate[i - 1];
                var afterDigit = before is >= (byte)'0' and <= (byte)'9' || (before == (byte)' ' && i >= 2 && candidate[i - 2] is >= (byte)'0' and <= (byte)'9');
                if (afterDigit)
                {
                    return !IsTechnicalPair(candidate[i], candidate[i + 1]);
                }
            }
        }

        return true;
    }

    private static bool IsTechnicalPair(byte a, byte b) => (a, b) switch
    {
        ((byte)'G', (byte)'B') or ((byte)'T', (byte)'B') or ((byte)'K', (byte)'B') or ((byte)'P', (byte)'B') or ((byte)'M', (byte)'B') => true,
        ((byte)'H', (byte)'D') or ((byte)'A', (byte)'D') or ((byte)'B', (byte)'C') or ((byte)'A', (byte)'M') or ((byte)'P', (byte)'M') => true,
        ((byte)'T', (byte)'V') or ((byte)'P', (byte)'C') or ((byte)'U', (byte)'K') or ((byte)'U', (byte)'S') or ((byte)'E', (byte)'U') => true,
        ((byte)'O', (byte)'K') or ((byte)'I', (byte)'D') or ((byte)'I', (byte)'T') or ((byte)'O', (byte)'S') or ((byte)'F', (byte)'X') => true,
        ((byte)'G', (byte)'T') or ((byte)'X', (byte)'L') or ((byte)'Q', (byte)'A') or ((byte)'V', (byte)'R') or ((byte)'A', (byte)'I') => true,
        _ => false,
    };

    private static bool IsUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';
}
