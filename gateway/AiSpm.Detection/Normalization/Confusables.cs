namespace AiSpm.Detection.Normalization;

/// <summary>
/// Cyrillic, Greek and other Latin look-alikes folded to ASCII (a subset of Unicode's confusables.txt chosen for
/// the letters attackers use to split keywords). Fullwidth and styled forms are covered by the compatibility table.
/// </summary>
internal static class Confusables
{
    public static int Fold(int cp) => cp switch
    {
        // Cyrillic lower case
        0x0430 => 'a',
        0x0432 => 'b',
        0x0435 => 'e',
        0x043A => 'k',
        0x043C => 'm',
        0x043D => 'h',
        0x043E => 'o',
        0x0440 => 'p',
        0x0441 => 'c',
        0x0442 => 't',
        0x0443 => 'y',
        0x0445 => 'x',
        0x0455 => 's',
        0x0456 => 'i',
        0x0458 => 'j',
        0x0501 => 'd',
        0x051B => 'q',
        0x051D => 'w',
        0x04BB => 'h',
        0x0457 => 'i',
        0x0491 => 'r',
        0x0450 => 'e',
        0x0451 => 'e',
        0x044C => 'b',

        // Cyrillic upper case
        0x0410 => 'A',
        0x0412 => 'B',
        0x0415 => 'E',
        0x041A => 'K',
        0x041C => 'M',
        0x041D => 'H',
        0x041E => 'O',
        0x0420 => 'P',
        0x0421 => 'C',
        0x0422 => 'T',
        0x0423 => 'Y',
        0x0425 => 'X',
        0x0405 => 'S',
        0x0406 => 'I',
        0x0408 => 'J',
        0x04C0 => 'I',
        0x0500 => 'D',
        0x051A => 'Q',
        0x051C => 'W',

        // Greek
        0x03B1 => 'a',
        0x03B2 => 'b',
        0x03B5 => 'e',
        0x03B9 => 'i',
        0x03BA => 'k',
        0x03BD => 'v',
        0x03BF => 'o',
        0x03C1 => 'p',
        0x03C4 => 't',
        0x03C5 => 'u',
        0x03C7 => 'x',
        0x03F2 => 'c',
        0x03F3 => 'j',
        0x0391 => 'A',
        0x0392 => 'B',
        0x0395 => 'E',
        0x0396 => 'Z',
        0x0397 => 'H',
        0x0399 => 'I',
        0x039A => 'K',
        0x039C => 'M',
        0x039D => 'N',
        0x039F => 'O',
        0x03A1 => 'P',
        0x03A4 => 'T',
        0x03A5 => 'Y',
        0x03A7 => 'X',

        // Latin look-alikes outside the compatibility table
        0x0131 => 'i',
        0x0130 => 'I',
        0x0251 => 'a',
        0x0261 => 'g',
        0x0269 => 'i',
        0x01C0 => 'l',
        0x0262 => 'G',
        0x026A => 'I',
        0x0274 => 'N',
        0x0280 => 'R',
        0x028F => 'Y',
        0x1D00 => 'A',
        0x1D04 => 'C',
        0x1D05 => 'D',
        0x1D07 => 'E',
        0x1D0A => 'J',
        0x1D0B => 'K',
        0x1D0D => 'M',
        0x1D0F => 'O',
        0x1D18 => 'P',
        0x1D1B => 'T',
        0x1D1C => 'U',
        0x1D20 => 'V',
        0x1D21 => 'W',
        0x1D22 => 'Z',
        0x2010 or 0x2011 or 0x2012 or 0x2013 or 0x2014 or 0x2212 => '-',
        0x2018 or 0x2019 or 0x201B or 0x2032 => '\'',
        0x201C or 0x201D or 0x201F or 0x2033 => '"',
        _ => -1,
    };

    /// <summary>Zero-width, bidi-control, variation-selector and other invisible format characters, dropped.</summary>
    public static bool IsInvisible(int cp) =>
        cp is 0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x180E or 0x3164 or 0xFEFF or 0xFFA0
        || cp is >= 0x200B and <= 0x200F
        || cp is >= 0x202A and <= 0x202E
        || cp is >= 0x2060 and <= 0x206F
        || cp is >= 0xFE00 and <= 0xFE0F
        || cp is >= 0xE0000 and <= 0xE0FFF
        || cp is >= 0x0300 and <= 0x036F
        || cp is >= 0x1AB0 and <= 0x1AFF
        || cp is >= 0x20D0 and <= 0x20FF
        || cp is < 0x20 and not (0x09 or 0x0A or 0x0B or 0x0C or 0x0D)
        || cp == 0x7F;

    public static bool IsWhitespace(int cp) =>
        cp is 0x09 or 0x0A or 0x0B or 0x0C or 0x0D or 0x20 or 0x85 or 0xA0 or 0x1680 or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000
        || cp is >= 0x2000 and <= 0x200A;

    public static bool IsNewline(int cp) => cp is 0x0A or 0x0D or 0x85 or 0x2028 or 0x2029;
}
