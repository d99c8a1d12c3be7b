using AiSpm.Rego.Syntax;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

// Calls of user-defined functions: each definition's parameters unified with the arguments, then its body.
internal sealed partial class Interpreter
{
    private bool CallFunction(RuleNode node, RegoValue[] args, Func<RegoValue, bool> k)
    {
        if (!_inProgress.Add(node))
        {
            throw new RegoException("recursion detected when calling function " + string.Join('.', node.Path));
        }

        RegoValue? result = null;
        try
        {
            foreach (var r in node.Rules)
            {
                var f = new RegoValue?[r.SlotCount];
                UnifyArgs(r, args, 0, f, () =>
                {
                    foreach (var body in r.Bodies)
                    {
                        var any = false;
                        var valueExpr = body.Value ?? r.Value!;

                        // A constant value needs one solution only (early exit, as OPA and Regorus do).
                        var constant = Compiler.ConstValue(valueExpr) is not null;
                        EvalBody(body.Query.Literals, 0, f, () =>
                        {
                            return EvalExpr(valueExpr, f, v =>
                            {
                                any = true;
                                if (result is null)
                                {
                                    result = v;
                                }
                                else if (!result.Equals(v))
                                {
                                    throw new RegoException(args.Length == 0
                                        ? "rules should not produce multiple outputs: " + string.Join('.', node.Path)
                                        : "functions must not produce multiple outputs for same inputs: " + string.Join('.', node.Path));
                                }

                                return !constant;
                            });
                        });
                        if (any)
                        {
                            break;
                        }
                    }

                    return true;
                });
            }
        }
        finally
        {
            _inProgress.Remove(node);
        }

        if (result is null && node.Default is { } def)
        {
            EvalExpr(def.Value!, new RegoValue?[def.SlotCount], v =>
            {
                result = v;
                return false;
            });
        }

        return result is null || k(result);
    }

    private bool UnifyArgs(Rule r, RegoValue[] args, int i, RegoValue?[] f, Func<bool> k)
    {
        // Plain variable parameters (the common case) bind without a continuation per argument; the frame is the call's
        // own and dropped after it, so they need no unbinding.
        for (; i < args.Length && r.Args[i] is VarTerm { Global: null } v; i++)
        {
            if (v.IsWildcard)
            {
                continue;
            }

            var cur = f[v.Slot];
            if (cur is null)
            {
                f[v.Slot] = args[i];
            }
            else if (!cur.Equals(args[i]))
            {
                return true;
            }
        }

        return i == args.Length ? k() : UnifyValue(r.Args[i], args[i], f, false, () => UnifyArgs(r, args, i + 1, f, k));
    }
}
