using System.Globalization;
using System.Text;
using System.Text.Json;
using AiSpm.Detection;
using AiSpm.Detection.Cli;
using AiSpm.Detection.Evaluation;
using AiSpm.Detection.Rules;

if (args is ["generate-regexes", "--rules", var rulesDirectory, "--out", var outputFile])
{
    // Regenerates the source-generated twins of the shipped patterns (see ShippedRegexes); ./aispm gen-regexes.
    try
    {
        File.WriteAllText(outputFile, AiSpm.Detection.Engines.Managed.ShippedRegexSource.Generate(rulesDirectory));
        Console.Error.WriteLine("gen-regexes: wrote " + outputFile);
        return 0;
    }
    catch (RulePackException ex)
    {
        Console.Error.WriteLine("gen-regexes: " + ex.Message);
        return 1;
    }
}

var options = EvalOptions.Parse(args, Console.Error);
if (options is null)
{
    return 2;
}

if (!File.Exists(options.Corpus))
{
    Console.Error.WriteLine("eval: corpus not found: " + options.Corpus);
    return 2;
}

// Without --scorer the repository's model is used when present; a path given explicitly must exist.
var defaultScorer = Path.Combine("config", "scorer", "model.json");
var scorer = options.ScorerPath ?? (File.Exists(defaultScorer) ? defaultScorer : "");
Inspector inspector;
try
{
    inspector = Inspector.Load(new InspectorOptions
    {
        RulesDirectory = options.RulesDirectory,
        ScorerPath = scorer.Length == 0 ? null : scorer,
        Engine = options.Engine,
    });
}
catch (RulePackException ex)
{
    Console.Error.WriteLine("eval: " + ex.Message);
    return 1;
}

List<CorpusRow> rows;
try
{
    rows = CorpusReader.Read(options.Corpus!);
}
catch (InvalidDataException ex)
{
    Console.Error.WriteLine("eval: " + ex.Message);
    return 1;
}

using (inspector)
{
    var result = Evaluator.Run(inspector, rows, options.Errors ? Console.Error : null);
    if (options.Json)
    {
        Console.WriteLine(result.ToJson());
    }
    else
    {
        Console.Write(result.ToTable(inspector));
    }
}

return 0;
