using System.Globalization;
using System.Text;

namespace AiSpm.Detection.Training;

/// <summary>
/// A simple stand-in for the engine's normalizer, used for training and for the trainer's own evaluation: NFKC,
/// zero-width and bidi controls removed, a few Cyrillic/Greek look-alikes folded to ASCII, whitespace runs folded to one
/// space (newlines kept as one newline so line-anchored rules still work).
/// </summary>
internal static class TextNormalizer
{
    public static string Normalize(string text)
    {
        var nfkc = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(nfkc.Length);
        var pendingSpace = false;
        var pendingNewline = false;
        foreach (var ch in nfkc)
        {
            if (IsInvisible(ch))
            {
                continue;
            }

            if (char.IsWhiteSpace(ch))
            {
                if (ch == '\n')
                {
                    pendingNewline = true;
                }
                else
                {
                    pendingSpace = true;
                }

                continue;
            }

            if (sb.Length > 0 && (pendingNewline || pendingSpace))
            {
                sb.Append(pendingNewline ? '\n' : ' ');
            }

            pendingSpace = false;
            pendingNewline = false;
            sb.Append(Fold(ch));
        }

        return sb.ToString();
    }

    private static bool IsInvisible(char ch) => ch is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD'
        || (ch >= '\u202A' && ch <= '\u202E') || (ch >= '\u2066' && ch <= '\u2069') || ch == '\u200E' || ch == '\u200F'
        || CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.Format;

    // InvariantGlobalization leaves string.Normalize without ICU data for most of NFKC, so fullwidth forms are folded
    // here explicitly; the engine's normalizer has its own compatibility table.
    private static char Fold(char ch) => ch switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(ch - 0xFEE0),
        '\u3000' => ' ',
        'а' => 'a',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'у' => 'y',
        'х' => 'x',
        'і' => 'i',
        'ј' => 'j',
        'А' => 'A',
        'В' => 'B',
        'Е' => 'E',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'О' => 'O',
        'Р' => 'P',
        'С' => 'C',
        'Т' => 'T',
        'Х' => 'X',
        'ο' => 'o',
        'α' => 'a',
        'ι' => 'i',
        'ν' => 'v',
        'Α' => 'A',
        'Β' => 'B',
        'Ε' => 'E',
        'Ι' => 'I',
        'Κ' => 'K',
        'Ο' => 'O',
        'Ρ' => 'P',
        'Τ' => 'T',
        '\u2018' or '\u2019' => '\'',
        '\u201C' or '\u201D' => '"',
        _ => ch,
    };
}
