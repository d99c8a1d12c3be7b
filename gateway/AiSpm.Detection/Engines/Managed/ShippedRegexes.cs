using System.Text.RegularExpressions;

namespace AiSpm.Detection.Engines.Managed;

/// <summary>
/// Source-generated twins of the shipped rule patterns (<c>ShippedRegexes.g.cs</c>, written by
/// <c>./aispm gen-regexes</c> from <c>config/rules</c>). The regex interpreter costs tens of nanoseconds a character
/// per pattern and <see cref="RegexOptions.Compiled"/> is interpreted under native AOT too, while generated code is
/// compiled ahead of time with the gateway; a twin is used only when expression and options are identical, so a
/// changed or added pattern silently falls back to the interpreter and stays correct.
/// </summary>
internal static partial class ShippedRegexes
{
    private static readonly Dictionary<(string Expression, RegexOptions Options), Func<Regex>> Table = Build();

    public static int Count => Table.Count;

    /// <summary>The generated regex for this exact expression and options, or null.</summary>
    public static Regex? Find(string expression, RegexOptions options) =>
        Table.TryGetValue((expression, options), out var factory) ? factory() : null;

    private static partial Dictionary<(string Expression, RegexOptions Options), Func<Regex>> Build();
}
