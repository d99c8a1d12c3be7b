using System.Globalization;
using AiSpm.Detection.Scoring;
using AiSpm.Detection.Training;

// ./aispm train: `--train FILE --out DIR` fits and writes the scorer; `--eval FILE` (with --model, --rules) reports
// recall and benign false positives for the scorer, the request-side rule packs, and both.
try
{
    var args_ = CommandLine.Parse(args);
    if (args_.Train is null && args_.Eval is null)
    {
        Console.Error.WriteLine("usage: --train train.jsonl --out config/scorer [--eval dev.jsonl] [--model config/scorer/model.json] [--rules config/rules] [--verbose]");
        return 2;
    }

    if (args_.Train is not null)
    {
        var rows = Corpus.Read(args_.Train);
        var trainer = new ScorerTrainer(args_.Options, Console.Out) { Verbose = args_.Verbose };
        var model = trainer.Train(rows);
        trainer.Write(model, args_.Out, args_.Train);
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
catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or ArgumentException)
{
    Console.Error.WriteLine($"train: {ex.Message}");
    return 1;
}
