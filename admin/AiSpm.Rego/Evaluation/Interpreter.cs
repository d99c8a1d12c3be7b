using System.Diagnostics;
using System.Runtime.CompilerServices;
using AiSpm.Rego.Builtins;
using AiSpm.Rego.Syntax;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

/// <summary>
/// Evaluates rules and queries by backtracking in continuation-passing style: each construct calls its continuation once per
/// solution with its variables bound, and undoes the bindings on return. A continuation returns false to stop the search.
/// </summary>
internal sealed partial class Interpreter
{
    private static readonly EvalState Detached = new(null, RegoObject.Empty, null, null, [], []);

    private readonly HashSet<RuleNode> _inProgress = [];
    private readonly EvalContext _ctx = new();
    private readonly Dictionary<RuleNode, Box> _ruleCache = [];
    private readonly Dictionary<RuleNode, Box> _fullCache = [];
    private RuleNode _root;
    private RegoBudget _budget;
    private long _started;
    private EvalState _state;
    private long _steps;
    private bool _strict;

    public Interpreter(RuleNode root, RegoValue? input, RegoValue? data, RegoBudget budget)
    {
        _root = root;
        _budget = budget;
        _state = Detached;
        Reset(root, input, data, budget);
    }

    /// <summary>Makes this interpreter a fresh one for another evaluation (steps, clock, caches and context reset), so a
    /// caller evaluating many queries in a row reuses one instead of allocating an interpreter, its caches and its clock
    /// per query.</summary>
    public void Reset(RuleNode root, RegoValue? input, RegoValue? data, RegoBudget budget)
    {
        _strict = budget.StrictBuiltinErrors;
        _root = root;
        _budget = budget;
        _steps = 0;
        _inProgress.Clear();
        _ruleCache.Clear();
        _fullCache.Clear();
        _ctx.Reset();
        _state = new EvalState(input, data ?? RegoObject.Empty, null, null, _ruleCache, _fullCache);
        _started = Stopwatch.GetTimestamp();
    }

    /// <summary>Drops what the last evaluation referenced (input, data, cached values), for an interpreter kept for reuse.</summary>
    public void Detach()
    {
        _ruleCache.Clear();
        _fullCache.Clear();
        _inProgress.Clear();
        _state = Detached;
        _ctx.Reset();
    }

    public TextWriter? PrintSink
    {
        get => _ctx.PrintSink;
        set => _ctx.PrintSink = value;
    }

    private void Step()
    {
        if ((++_steps & 1023) == 0)
        {
            if (Stopwatch.GetElapsedTime(_started) > _budget.MaxTime)
            {
                throw new RegoException($"evaluation exceeded its time budget of {_budget.MaxTime.TotalMilliseconds} ms");
            }

            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                throw new RegoException("evaluation exceeded its stack budget (nesting too deep)");
            }
        }

        if (_steps > _budget.MaxSteps)
        {
            throw new RegoException($"evaluation exceeded its budget of {_budget.MaxSteps} steps");
        }
    }

    /// <summary>The whole data document: base data merged with every rule's value.</summary>
    public RegoValue EvaluateAll() => FullValue(_root, _state.Data) ?? RegoObject.Empty;

    /// <summary>Runs a resolved query; calls back once per solution with its frame and the last expression's value.</summary>
    public void EvalQuery(Query q, int slotCount, Func<RegoValue?[], RegoValue?, bool> onResult)
    {
        var f = new RegoValue?[slotCount];
        var lits = q.Literals;
        if (lits.Count == 0)
        {
            onResult(f, null);
            return;
        }

        var last = lits[^1];
        var plainLast = last.Kind == LiteralKind.Expr && !last.Negated && last.Withs.Count == 0 && last.Expr is not BinaryTerm { Op: "=" or ":=" };
        if (!plainLast)
        {
            EvalBody(lits, 0, f, () => onResult(f, RegoBool.True));
            return;
        }

        // A query ending in a plain term (a reference, a variable, a value) yields its value even when false, as OPA and Regorus do.
        var keepFalse = lits.Count == 1 || last.Expr is RefTerm or VarTerm or ScalarTerm or ArrayTerm or ObjectTerm or SetTerm or ComprTerm;
        EvalBodyRange(lits, 0, lits.Count - 1, f, () => EvalExpr(last.Expr!, f, v => (!keepFalse && v is RegoBool { Value: false }) || onResult(f, v)));
    }

    private bool EvalBodyRange(List<Literal> lits, int i, int end, RegoValue?[] f, Func<bool> k) =>
        i == end ? k() : EvalLiteral(lits[i], f, () => EvalBodyRange(lits, i + 1, end, f, k));

    private bool EvalBody(List<Literal> lits, int i, RegoValue?[] f, Func<bool> k)
    {
        if (i == lits.Count)
        {
            return k();
        }

        // A literal with one answer (a check or an assignment of single-valued terms) runs here, without a continuation.
        switch (TryDirect(lits[i], f, out var bound))
        {
            case Direct.Fails:
                return true;
            case Direct.Holds when bound < 0:
                return EvalBody(lits, i + 1, f, k);
            case Direct.Holds:
                try
                {
                    return EvalBody(lits, i + 1, f, k);
                }
                finally
                {
                    f[bound] = null;
                }

            default:
                return EvalLiteral(lits[i], f, () => EvalBody(lits, i + 1, f, k));
        }
    }

    private bool EvalLiteral(Literal lit, RegoValue?[] f, Func<bool> k)
    {
        Step();
        return lit.Withs.Count > 0 ? EvalWith(lit, 0, f, [], k) : EvalLiteralCore(lit, f, k);
    }

    private bool EvalLiteralCore(Literal lit, RegoValue?[] f, Func<bool> k)
    {
        switch (lit.Kind)
        {
            case LiteralKind.SomeVars:
                return k();
            case LiteralKind.SomeIn:
                if (TrySimple(lit.Collection!, f, out var simple))
                {
                    return simple is null || Iterate(simple, lit.Key, lit.Value!, f, k);
                }

                return EvalExpr(lit.Collection!, f, coll => Iterate(coll, lit.Key, lit.Value!, f, k));
            case LiteralKind.Every:
                return EvalEvery(lit, f, k);
        }

        if (lit.Negated)
        {
            var found = false;
            EvalExprLiteral(lit.Expr!, f, () =>
            {
                found = true;
                return false;
            });
            return found || k();
        }

        return EvalExprLiteral(lit.Expr!, f, k);
    }

    private bool EvalExprLiteral(Expr e, RegoValue?[] f, Func<bool> k)
    {
        if (e is BinaryTerm { Op: "=" or ":=" } b)
        {
            return Unify(b.Left, b.Right, f, b.Op == ":=", k);
        }

        return EvalExpr(e, f, v => v is RegoBool { Value: false } || k());
    }

    private bool Iterate(RegoValue coll, Expr? key, Expr value, RegoValue?[] f, Func<bool> k)
    {
        if (value is ArrayTerm pat && coll is RegoArray { Count: > 0 } all && all.Items.All(x => x is RegoArray xa && xa.Count != pat.Items.Count))
        {
            throw new RegoException("mismatch in number of array elements");
        }

        switch (coll)
        {
            case RegoArray a:
                for (var i = 0; i < a.Items.Length; i++)
                {
                    var item = a.Items[i];
                    Step();
                    var ok = key is null
                        ? UnifyValue(value, item, f, false, k)
                        : UnifyValue(key, RegoNumber.Of(i), f, false, () => UnifyValue(value, item, f, false, k));
                    if (!ok)
                    {
                        return false;
                    }
                }

                return true;
            case RegoSet s:
                foreach (var item in s.Sorted)
                {
                    Step();
                    var ok = key is null
                        ? UnifyValue(value, item, f, true, k)
                        : UnifyValue(key, item, f, true, () => UnifyValue(value, item, f, true, k));
                    if (!ok)
                    {
                        return false;
                    }
                }

                return true;
            case RegoObject o:
                foreach (var kk in o.SortedKeys)
                {
                    var item = o.Items[kk];
                    Step();
                    var ok = key is null
                        ? UnifyValue(value, item, f, true, k)
                        : UnifyValue(key, kk, f, true, () => UnifyValue(value, item, f, true, k));
                    if (!ok)
                    {
                        return false;
                    }
                }

                return true;
            default:
                throw new RegoException("`some .. in collection` expects array/set/object.");
        }
    }

    private bool EvalEvery(Literal lit, RegoValue?[] f, Func<bool> k) =>
        EvalExpr(lit.Collection!, f, coll =>
        {
            var allOk = true;
            bool Check(RegoValue kk, RegoValue vv)
            {
                Step();
                var found = false;
                Func<bool> body = () => EvalBody(lit.Body!.Literals, 0, f, () =>
                {
                    found = true;
                    return false;
                });
                if (lit.Key is null)
                {
                    UnifyValue(lit.Value!, vv, f, false, body);
                }
                else
                {
                    UnifyValue(lit.Key, kk, f, false, () => UnifyValue(lit.Value!, vv, f, false, body));
                }

                return found;
            }

            switch (coll)
            {
                case RegoArray a:
                    for (var i = 0; i < a.Items.Length && allOk; i++)
                    {
                        allOk = Check(RegoNumber.Of(i), a.Items[i]);
                    }

                    break;
                case RegoSet s:
                    foreach (var item in s.Sorted)
                    {
                        if (!(allOk = Check(item, item)))
                        {
                            break;
                        }
                    }

                    break;
                case RegoObject o:
                    foreach (var kk in o.SortedKeys)
                    {
                        if (!(allOk = Check(kk, o.Items[kk])))
                        {
                            break;
                        }
                    }

                    break;
                default:
                    allOk = false;
                    break;
            }

            return !allOk || k();
        });
}
