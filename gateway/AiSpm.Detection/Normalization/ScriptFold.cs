namespace AiSpm.Detection.Normalization;

/// <summary>
/// The scripts rules may be written in beyond ASCII (Greek, Cyrillic, Hebrew, Arabic, Devanagari, Bengali, Thai, kana,
/// CJK ideographs, Hangul), and the fold that gives each of their letters one spelling: lower case, Greek without
/// accents or final sigma, Arabic and Hebrew without vowel points, Devanagari and Bengali without nukta, Arabic and
/// Persian letter variants merged, and
/// Vietnamese letters with stacked diacritics folded to their ASCII base. A pattern holds only folded letters, and the
/// confirming regexes see folded letters as themselves (every other non-ASCII character as U+FFFD), so .NET's case
/// insensitivity never relates two letters the text can hold and the engines agree byte for byte.
/// </summary>
internal static class ScriptFold
{
    /// <summary>The character is dropped (a vowel point, a tatweel).</summary>
    public const int Drop = -2;

    /// <summary>The character is not folded here.</summary>
    public const int None = -1;

    /// <summary>
    /// The folded form of <paramref name="cp"/>: a code point (ASCII for Vietnamese letters), <see cref="Drop"/>, or
    /// <see cref="None"/> when it is already folded or not in a script this fold knows.
    /// </summary>
    public static int Fold(int cp)
    {
        if (cp is 0x0110 or 0x0111)
        {
            // Vietnamese (and Croatian) d with stroke, which has no decomposition.
            return cp == 0x0111 ? 'd' : 'D';
        }

        if (cp < 0x0370 || cp > 0x1EF9)
        {
            return None;
        }

        if (cp >= 0x1EA0)
        {
            return Vietnamese(cp);
        }

        if (cp < 0x0530)
        {
            var folded = cp < 0x0400 ? Greek(cp) : char.ToLowerInvariant((char)cp);
            return folded == cp ? None : folded;
        }

        return cp switch
        {
            // Hebrew points and cantillation (maqaf, paseq, sof pasuq and nun hafukha are punctuation and stay).
            (>= 0x0591 and <= 0x05BD) or 0x05BF or 0x05C1 or 0x05C2 or 0x05C4 or 0x05C5 or 0x05C7 => Drop,

            // Arabic vowel marks, superscript alef and tatweel.
            (>= 0x064B and <= 0x065F) or 0x0670 or 0x0640 or (>= 0x06D6 and <= 0x06DC) or (>= 0x06DF and <= 0x06E4) or 0x06E7 or 0x06E8 or (>= 0x06EA and <= 0x06ED) => Drop,

            // Devanagari and Bengali nukta: the dot is dropped and a letter precomposed with it (which NFC leaves
            // decomposed, so both spellings occur) becomes its base letter, as accents are folded in Latin text.
            0x093C or 0x09BC => Drop,
            >= 0x0958 and <= 0x095F => NuktaBase[cp - 0x0958],
            0x09DC => 0x09A1,
            0x09DD => 0x09A2,
            0x09DF => 0x09AF,

            // Alef with hamza or madda, and wasla, to alef; alef maksura and Farsi yeh to yeh; keheh to kaf; Farsi
            // heh doachashmee and heh goal stay distinct (Urdu), Arabic teh marbuta stays (a word ending).
            0x0622 or 0x0623 or 0x0625 or 0x0671 => 0x0627,
            0x0649 or 0x06CC => 0x064A,
            0x06A9 => 0x0643,
            _ => None,
        };
    }

    /// <summary>True for a character the confirming regexes see as itself: a folded letter of a supported script.</summary>
    public static bool IsKept(int cp) =>
        cp switch
        {
            >= 0x0370 and <= 0x03FF or >= 0x0400 and <= 0x052F => Fold(cp) == None,
            >= 0x0590 and <= 0x05FF or >= 0x0600 and <= 0x06FF => Fold(cp) == None,
            >= 0x0900 and <= 0x09FF => Fold(cp) == None,
            >= 0x0E00 and <= 0x0E7F => true,
            >= 0x3040 and <= 0x30FF => true,
            >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF => true,
            >= 0xAC00 and <= 0xD7A3 => true,
            _ => false,
        };

    // U+0958-U+095F: qa, khha, ghha, za, dddha, rha, fa, yya without their nukta.
    private static ReadOnlySpan<int> NuktaBase => [0x0915, 0x0916, 0x0917, 0x091C, 0x0921, 0x0922, 0x092B, 0x092F];

    private static int Greek(int cp)
    {
        var lower = char.ToLowerInvariant((char)cp);
        return lower switch
        {
            'ά' => 'α',
            'έ' => 'ε',
            'ή' => 'η',
            'ί' or 'ϊ' or 'ΐ' => 'ι',
            'ό' => 'ο',
            'ύ' or 'ϋ' or 'ΰ' => 'υ',
            'ώ' => 'ω',
            'ς' => 'σ',

            // Symbol variants that .NET's case-insensitive matching equates with a letter.
            'ϐ' => 'β',
            'ϑ' => 'θ',
            'ϕ' => 'φ',
            'ϖ' => 'π',
            'ϰ' => 'κ',
            'ϱ' => 'ρ',
            'ϵ' => 'ε',
            _ => lower,
        };
    }

    // U+1EA0-U+1EF9 alternate capital and small letters, grouped by base letter.
    private static int Vietnamese(int cp)
    {
        var small = (cp & 1) == 1;
        var baseLetter = cp switch
        {
            <= 0x1EB7 => 'a',
            <= 0x1EC7 => 'e',
            <= 0x1ECB => 'i',
            <= 0x1EE3 => 'o',
            <= 0x1EF1 => 'u',
            _ => 'y',
        };
        return small ? baseLetter : char.ToUpperInvariant(baseLetter);
    }
}
