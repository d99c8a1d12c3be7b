using AiSpm.Rego.Evaluation;
using AiSpm.Rego.Syntax;
using AiSpm.Rego.Values;

namespace AiSpm.Rego;

/// <summary>
/// Compiled Rego modules. Compile once (parse errors name file, line and column; unknown built-ins fail here), then evaluate
/// queries against any input and data; each evaluation has its own budget and caches, so a policy is safe to share between threads.
/// </summary>
public sealed class RegoPolicy
{
    private readonly RuleNode _root;

    private RegoPolicy(RuleNode root, IReadOnlyList<string> packages)
    {
        _root = root;
        Packages = packages;
    }

    /// <summary>The package paths (without the leading data) of the modules.</summary>
    public IReadOnlyList<string> Packages { get; }

    public static RegoPolicy Compile(IEnumerable<RegoSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var modules = new List<Module>();
        var packages = new List<string>();
        foreach (var s in sources)
        {
            var m = new Parser(s.File, s.Text).ParseModule();
            modules.Add(m);
            packages.Add(string.Join('.', m.Package, 1, m.Package.Length - 1));
        }

        return new RegoPolicy(Compiler.Compile(modules), packages);
    }

    public static RegoPolicy Compile(string file, string text) => Compile([new RegoSource(file, text)]);

    /// <summary>Parses and resolves a query once, for repeated evaluation.</summary>
    public RegoQuery PrepareQuery(string query)
    {
        var q = new Parser("<query>", query).ParseQueryText();
        var vars = Compiler.ResolveQuery(_root, q, out var slots);
        return new RegoQuery(q, vars, slots);
    }

    public IReadOnlyList<QueryResult> Evaluate(string query, RegoValue? input = null, RegoValue? data = null, RegoBudget? budget = null) =>
        Evaluate(PrepareQuery(query), input, data, budget);

    public IReadOnlyList<QueryResult> Evaluate(RegoQuery query, RegoValue? input = null, RegoValue? data = null, RegoBudget? budget = null, TextWriter? print = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var interp = new Interpreter(_root, input, data, budget ?? RegoBudget.Default) { PrintSink = print };
        var results = new List<QueryResult>();
        interp.EvalQuery(query.Body, query.SlotCount, (frame, value) =>
        {
            var d = new Dictionary<RegoValue, RegoValue>();
            foreach (var v in query.Vars)
            {
                if (frame[v.Slot] is { } bound)
                {
                    d[new RegoString(v.Name)] = bound;
                }
            }

            results.Add(new QueryResult(new RegoObject(d), value));
            return true;
        });
        return results;
    }

    /// <summary>The value of the query's first solution, or null when it is undefined: no bindings object, no result list,
    /// and the search stops at the first solution. For a query with one solution (a rule's value), the cheap path.</summary>
    public RegoValue? EvaluateValue(RegoQuery query, RegoValue? input = null, RegoValue? data = null, RegoBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        RegoValue? first = null;
        var interp = Rent(input, data, budget ?? RegoBudget.Default);
        try
        {
            interp.EvalQuery(query.Body, query.SlotCount, (_, value) =>
            {
                first = value;
                return false;
            });
        }
        finally
        {
            interp.Detach();
            t_spare = interp;
        }

        return first;
    }

    // One interpreter per thread, reset for each evaluation: a posture run evaluates hundreds of thousands of short
    // queries, and a fresh interpreter (its caches, context and clock) per query was a large part of what each allocated.
    // Taken out of the slot while in use, so a nested evaluation on the same thread gets its own.
    [ThreadStatic]
    private static Interpreter? t_spare;

    private Interpreter Rent(RegoValue? input, RegoValue? data, RegoBudget budget)
    {
        var interp = t_spare;
        if (interp is null)
        {
            return new Interpreter(_root, input, data, budget);
        }

        t_spare = null;
        interp.Reset(_root, input, data, budget);
        return interp;
    }

    /// <summary>Evaluates every rule (the whole data document), which also surfaces every rule's errors.</summary>
    public RegoValue EvaluateAll(RegoValue? input = null, RegoValue? data = null, RegoBudget? budget = null, TextWriter? print = null) =>
        new Interpreter(_root, input, data, budget ?? RegoBudget.Default) { PrintSink = print }.EvaluateAll();
}
