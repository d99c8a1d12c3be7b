using System.Text;

namespace AiSpm.Detection.Training;

/// <summary>Markdown code fences in training text (<see cref="TrainingOptions.ProseFitCategories"/>).</summary>
internal static class CodeFences
{
    /// <summary>
    /// The text with every ``` fenced block, fences included, replaced by a newline; an unclosed fence runs to the
    /// end, as markdown renders it.
    /// </summary>
    public static string Strip(string text)
    {
        var open = text.IndexOf("```", StringComparison.Ordinal);
        if (open < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var at = 0;
        while (open >= 0)
        {
            sb.Append(text, at, open - at);
            var close = text.IndexOf("```", open + 3, StringComparison.Ordinal);
            if (close < 0)
            {
                at = text.Length;
                break;
            }

            sb.Append('\n');
            at = close + 3;
            open = text.IndexOf("```", at, StringComparison.Ordinal);
        }

        sb.Append(text, at, text.Length - at);
        return sb.ToString();
    }
}
