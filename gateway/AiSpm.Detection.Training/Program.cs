using System.Globalization;
using AiSpm.Detection.Rules;
using AiSpm.Detection.Scoring;
using AiSpm.Detection.Training;
using AiSpm.Detection.Training.Loso;

// ./aispm train: `--train FILE --out DIR` fits and writes the scorer; `--eval FILE` (with --model, --rules) reports
// recall and benign false positives for the scorer, the request-side rule packs, and both.
// ./aispm eval --loso: `--train FILE... --loso FILE...` retrains without each source in turn and measures on it.
try
{
    var args_ = CommandLine.Parse(args);
    if (args_.Train.Count == 0 && args_.Eval is null)
    {
        Console.Error.WriteLine("usage: --train train.jsonl [--train more.jsonl] --out config/scorer [--eval dev.jsonl] [--model config/scorer/model.json] [--rules config/rules] [--verbose]");
        Console.Error.WriteLine("       --train train.jsonl [--train more.jsonl] --loso FILE [--loso FILE] [--loso-by-file] [--only NAME,NAME] [--folds N] [--rules config/rules]");
        return 2;
    }

    var trainRows = new List<CorpusRow>();
    foreach (var file in args_.Train)
    {
        trainRows.AddRange(Corpus.Read(file));
    }

    if (args_.Loso.Count > 0)
    {
        var evalRows = new List<CorpusRow>();
        foreach (var file in args_.Loso)
        {
            evalRows.AddRange(Corpus.Read(file));
        }

        var loso = new LeaveOneSourceOut(args_.Options, args_.Rules, Console.Error) { ByFile = args_.LosoByFile, Only = args_.LosoOnly };
        Console.Write(loso.Run(trainRows, evalRows).ToTable());
        return 0;
    }

    if (args_.Train.Count > 0)
    {
        var trainer = new ScorerTrainer(args_.Options, Console.Out) { Verbose = args_.Verbose };
        var model = trainer.Train(trainRows);
        var names = new List<string>();
        foreach (var file in args_.Train)
        {
            names.Add(Path.GetFileName(file));
        }

        trainer.Write(model, args_.Out, string.Join(" + ", names));
    }

    if (args_.Eval is not null)
    {
        var modelPath = args_.Model ?? Path.Combine(args_.Out, ScorerTrainer.ModelFileName);
        var scorer = LinearScorer.Load(modelPath);
        var packs = new List<string>();
        foreach (var category in Evaluator.RequestCategories)
        {
            var pack = Path.Combine(args_.Rules, category + ".json");
            if (File.Exists(pack))
            {
                packs.Add(pack);
            }
        }

        var rules = RulePackSet.Load(packs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"eval: {args_.Eval} with {modelPath} and {rules.Rules.Count} rules from {packs.Count} packs"));
        Evaluator.Run(Corpus.Read(args_.Eval), scorer, rules, Console.Out, args_.Verbose);
    }

    return 0;
}
catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or ArgumentException or RulePackException)
{
    Console.Error.WriteLine($"train: {ex.Message}");
    return 1;
}
