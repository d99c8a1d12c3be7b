namespace AiSpm.Detection.Cli;

/// <summary>Command line of <c>./aispm eval</c>.</summary>
internal sealed record EvalOptions
{
    public string? Corpus { get; init; }
    public bool Json { get; init; }
    public bool Errors { get; init; }
    public EngineKind Engine { get; init; } = EngineKind.Auto;
    public string RulesDirectory { get; init; } = Path.Combine("config", "rules");
    public string? ScorerPath { get; init; }

    public static EvalOptions? Parse(string[] args, TextWriter error)
    {
        var o = new EvalOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            string? Next()
            {
                if (i + 1 >= args.Length)
                {
                    error.WriteLine("eval: " + a + " needs a value");
                    return null;
                }

                return args[++i];
            }

            switch (a)
            {
                case "--corpus":
                    o = o with { Corpus = Next() };
                    break;
                case "--json":
                    o = o with { Json = true };
                    break;
                case "--errors":
                    o = o with { Errors = true };
                    break;
                case "--rules":
                    o = o with { RulesDirectory = Next() ?? o.RulesDirectory };
                    break;
                case "--scorer":
                    o = o with { ScorerPath = Next() };
                    break;
                case "--no-scorer":
                    o = o with { ScorerPath = "" };
                    break;
                case "--engine":
                    var e = Next();
                    EngineKind? kind = e switch
                    {
                        "auto" => EngineKind.Auto,
                        "hyperscan" => EngineKind.Hyperscan,
                        "managed" => EngineKind.Managed,
                        _ => null,
                    };
                    if (kind is null)
                    {
                        error.WriteLine("eval: --engine must be auto, hyperscan or managed");
                        return null;
                    }

                    o = o with { Engine = kind.Value };
                    break;
                default:
                    error.WriteLine("eval: unknown argument " + a);
                    return null;
            }
        }

        if (string.IsNullOrEmpty(o.Corpus))
        {
            error.WriteLine("usage: aispm eval --corpus FILE [--json] [--errors] [--engine auto|hyperscan|managed] [--rules DIR] [--scorer FILE|--no-scorer]");
            return null;
        }

        return o;
    }
}
