using System.Globalization;

namespace AiSpm.Detection.Training;

/// <summary>
/// <c>--train</c> and <c>--loso</c> may repeat: the corpora are read in order and concatenated (the order is part of
/// what makes training reproducible).
/// </summary>
internal sealed record CommandLine(IReadOnlyList<string> Train, string Out, string? Eval, string? Model, string Rules, bool Verbose, TrainingOptions Options)
{
    /// <summary>Corpora to measure leave-one-source-out on; empty: no such run.</summary>
    public IReadOnlyList<string> Loso { get; init; } = [];

    /// <summary>Hold out files instead of repositories.</summary>
    public bool LosoByFile { get; init; }

    /// <summary>Only the held-out groups whose name contains one of these.</summary>
    public IReadOnlyList<string> LosoOnly { get; init; } = [];

    public static CommandLine Parse(string[] args)
    {
        var train = new List<string>();
        var loso = new List<string>();
        var losoOnly = new List<string>();
        var losoByFile = false;
        string? eval = null, model = null;
        var output = "config/scorer";
        var rules = "config/rules";
        var verbose = false;
        var options = new TrainingOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--train": train.Add(Value(args, ref i)); break;
                case "--loso": loso.Add(Value(args, ref i)); break;
                case "--loso-by-file": losoByFile = true; break;
                case "--only": losoOnly.AddRange(Value(args, ref i).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--folds": options = options with { Folds = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture) }; break;
                case "--out": output = Value(args, ref i); break;
                case "--eval": eval = Value(args, ref i); break;
                case "--model": model = Value(args, ref i); break;
                case "--rules": rules = Value(args, ref i); break;
                case "--verbose": verbose = true; break;
                case "--epochs": options = options with { Epochs = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture) }; break;
                case "--lambda": options = options with { Lambda = float.Parse(Value(args, ref i), CultureInfo.InvariantCulture) }; break;
                case "--learning-rate": options = options with { LearningRate = float.Parse(Value(args, ref i), CultureInfo.InvariantCulture) }; break;
                case "--positive-weight-power": options = options with { PositiveWeightPower = float.Parse(Value(args, ref i), CultureInfo.InvariantCulture) }; break;
                case "--target-fpr": options = options with { TargetBenignFpr = double.Parse(Value(args, ref i), CultureInfo.InvariantCulture) }; break;
                case "--nb-alpha": options = options with { NbAlpha = double.Parse(Value(args, ref i), CultureInfo.InvariantCulture) }; break;
                case "--prose-fit": options = options with { ProseFitCategories = Categories(Value(args, ref i)) }; break;
                case "--seed": options = options with { Seed = ulong.Parse(Value(args, ref i), CultureInfo.InvariantCulture) }; break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        return new CommandLine(train, output, eval, model, rules, verbose, options)
        {
            Loso = loso,
            LosoByFile = losoByFile,
            LosoOnly = losoOnly,
        };
    }

    // "a,b" or "none"; a name the scorer has no class for is an error, not a no-op.
    private static string[] Categories(string value)
    {
        var names = value == "none" ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            if (Array.IndexOf(ScorerTrainer.Categories, name) < 0)
            {
                throw new ArgumentException($"unknown class '{name}' (classes: {string.Join(", ", ScorerTrainer.Categories)})");
            }
        }

        return names;
    }

    private static string Value(string[] args, ref int i)
    {
        if (i + 1 >= args.Length)
        {
            throw new ArgumentException($"{args[i]} needs a value");
        }

        return args[++i];
    }
}
