using AiSpm.Rego.Builtins;
using AiSpm.Rego.Syntax;
using AiSpm.Rego.Values;

namespace AiSpm.Rego.Evaluation;

/// <summary>Builds the rule tree and resolves every variable to a frame slot or a global path, and every call to a function or a built-in.</summary>
internal sealed class Compiler
{
    private readonly RuleNode _root = new(["data"]);
    private Module _module = null!;
    private int _slots;
    private HashSet<string> _packageRules = new(StringComparer.Ordinal);

    public RuleNode Root => _root;

    public static RuleNode Compile(IReadOnlyList<Module> modules)
    {
        var c = new Compiler();
        foreach (var m in modules)
        {
            c.EnsureNode(m.Package);
            foreach (var r in m.Rules)
            {
                c.Insert(r);
            }
        }

        foreach (var m in modules)
        {
            c.ResolveModule(m);
        }

        return c._root;
    }

    private void EnsureNode(string[] path)
    {
        var node = _root;
        for (var i = 1; i < path.Length; i++)
        {
            if (!node.Children.TryGetValue(path[i], out var child))
            {
                child = new RuleNode(path[..(i + 1)]);
                node.Children[path[i]] = child;
            }

            node = child;
        }
    }

    private void Insert(Rule r)
    {
        if (r.Module.IsV1 && r.Path.Length == r.Module.Package.Length + 1 && r.Path[^1] is "input" or "data")
        {
            throw new RegoParseException(r.Module.File, r.Line, r.Column, r.Path[^1] + " cannot be shadowed");
        }

        var node = _root;
        for (var i = 1; i < r.Path.Length; i++)
        {
            if (!node.Children.TryGetValue(r.Path[i], out var child))
            {
                child = new RuleNode(r.Path[..(i + 1)]);
                node.Children[r.Path[i]] = child;
            }

            node = child;
        }

        if (node.Kind is { } k && k != r.Kind)
        {
            throw new RegoParseException(r.Module.File, r.Line, r.Column, "rule conflicts with the following rule: " + string.Join('.', r.Path));
        }

        node.Kind = r.Kind;
        if (r.Kind == RuleKind.Complete && !r.IsDefault && r.Bodies.Count == 1 && r.Bodies[0].Query.Literals.Count == 0 && ConstValue(r.Value) is { } cv)
        {
            foreach (var other in node.Rules)
            {
                if (other.Bodies.Count == 1 && other.Bodies[0].Query.Literals.Count == 0 && ConstValue(other.Value) is { } ov && !ov.Equals(cv))
                {
                    throw new RegoParseException(r.Module.File, r.Line, r.Column, $"rule conflicts with the following rule: {string.Join('.', r.Path)} defined at {other.Module.File}:{other.Line}");
                }
            }
        }
        if (r.Kind == RuleKind.Function && node.Rules.Count > 0 && node.Rules[0].Args.Count != r.Args.Count)
        {
            throw new RegoParseException(r.Module.File, r.Line, r.Column, "rule conflicts with the following rule: function arity mismatch");
        }

        if (r.IsDefault)
        {
            if (node.Default is not null)
            {
                throw new RegoParseException(r.Module.File, r.Line, r.Column, "multiple default rules " + string.Join('.', r.Path) + " found");
            }

            node.Default = r;
        }
        else
        {
            node.Rules.Add(r);
        }
    }

    private void ResolveModule(Module m)
    {
        _module = m;
        _packageRules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in m.Rules)
        {
            _packageRules.Add(r.Path[m.Package.Length]);
        }

        foreach (var r in m.Rules)
        {
            ResolveRule(r);
        }
    }

    private void ResolveRule(Rule r)
    {
        _slots = 0;
        var ruleScope = new Scope(null, false);
        foreach (var a in r.Args)
        {
            Declare(a, ruleScope, ruleScope);
        }

        if (r.IsDefault)
        {
            if (r.Value is not null)
            {
                ResolveExpr(r.Value, ruleScope);
            }

            r.SlotCount = _slots;
            return;
        }

        foreach (var b in r.Bodies)
        {
            var scope = new Scope(ruleScope, true);
            ResolveQuery(b.Query, scope);
            if (b.Value is not null)
            {
                ResolveExpr(b.Value, scope);
            }

            if (b == r.Bodies[0])
            {
                if (r.KeyPath is not null)
                {
                    foreach (var kp in r.KeyPath)
                    {
                        ResolveExpr(kp, scope);
                    }
                }
                else if (r.Key is not null)
                {
                    ResolveExpr(r.Key, scope);
                }

                if (r.Value is not null)
                {
                    ResolveExpr(r.Value, scope);
                }
            }
        }

        r.SlotCount = _slots;
    }

    /// <summary>Resolves a query outside any module (a user query); returns the named variables it binds.</summary>
    public static List<VarTerm> ResolveQuery(RuleNode root, Query q, out int slotCount)
    {
        var c = new Compiler();
        c._root.Children.Clear();
        foreach (var kv in root.Children)
        {
            c._root.Children[kv.Key] = kv.Value;
        }

        c._module = new Module("<query>", ["data"]);
        var scope = new Scope(null, true);
        c.ResolveQuery(q, scope);
        slotCount = c._slots;
        var vars = new List<VarTerm>();
        foreach (var kv in scope.Names)
        {
            if (!kv.Key.StartsWith('_') && !kv.Key.StartsWith('$'))
            {
                vars.Add(new VarTerm(kv.Key, 0, 0) { Slot = kv.Value });
            }
        }

        return vars;
    }

    private void ResolveQuery(Query q, Scope scope)
    {
        foreach (var lit in q.Literals)
        {
            ResolveLiteral(lit, scope);
        }
    }

    private void ResolveLiteral(Literal lit, Scope scope)
    {
        foreach (var w in lit.Withs)
        {
            ResolveWithTarget(w.Target);
            ResolveExpr(w.Value, scope);
        }

        switch (lit.Kind)
        {
            case LiteralKind.SomeVars:
                foreach (var v in lit.Vars)
                {
                    DeclareVar(v, scope, scope, strict: false);
                }

                break;
            case LiteralKind.SomeIn:
                ResolveExpr(lit.Collection!, scope);
                if (lit.Key is not null)
                {
                    Declare(lit.Key, scope, scope);
                }

                Declare(lit.Value!, scope, scope);
                break;
            case LiteralKind.Every:
                ResolveExpr(lit.Collection!, scope);
                var inner = new Scope(scope, false);
                if (lit.Key is not null)
                {
                    Declare(lit.Key, inner, inner);
                }

                Declare(lit.Value!, inner, inner);
                ResolveQuery(lit.Body!, inner);
                break;
            default:
                if (lit.Expr is BinaryTerm { Op: ":=" } assign)
                {
                    ResolveExpr(assign.Right, scope);
                    if (!HasVars(assign.Left))
                    {
                        throw Error(assign, "assignment operator := requires left-hand side to have bindable variables");
                    }

                    Declare(assign.Left, scope, scope);
                }
                else if (lit.Expr is CallTerm topCall)
                {
                    ResolveCall(topCall, scope, allowOutput: true);
                    foreach (var a in topCall.Args)
                    {
                        ResolveExpr(a, scope);
                    }
                }
                else
                {
                    ResolveExpr(lit.Expr!, scope);
                }

                break;
        }
    }

    /// <summary>The value of an expression made only of literals; null otherwise.</summary>
    internal static RegoValue? ConstValue(Expr? e)
    {
        switch (e)
        {
            case ScalarTerm s:
                return s.Value;
            case ArrayTerm a:
                var items = new RegoValue[a.Items.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    if (ConstValue(a.Items[i]) is not { } v)
                    {
                        return null;
                    }

                    items[i] = v;
                }

                return new RegoArray(items);
            case SetTerm st:
                var h = new HashSet<RegoValue>();
                foreach (var i in st.Items)
                {
                    if (ConstValue(i) is not { } v)
                    {
                        return null;
                    }

                    h.Add(v);
                }

                return new RegoSet(h);
            case ObjectTerm o:
                var d = new Dictionary<RegoValue, RegoValue>();
                foreach (var kv in o.Items)
                {
                    if (ConstValue(kv.Key) is not { } k || ConstValue(kv.Value) is not { } v)
                    {
                        return null;
                    }

                    d[k] = v;
                }

                return new RegoObject(d);
            default:
                return null;
        }
    }

    private static bool HasVars(Expr e) => e switch
    {
        VarTerm => true,
        ArrayTerm a => a.Items.Exists(HasVars),
        ObjectTerm o => o.Items.Exists(kv => HasVars(kv.Value)),
        _ => false,
    };

    private void ResolveWithTarget(Expr target)
    {
        // Targets name input, data or a function; they are read by the evaluator, not bound.
        if (target is VarTerm v)
        {
            v.Global = GlobalPath(v.Name);
        }

        if (target is RefTerm r)
        {
            if (r.Head is VarTerm h)
            {
                h.Global = GlobalPath(h.Name);
            }

            foreach (var p in r.Path)
            {
                if (p is not ScalarTerm)
                {
                    throw Error(p, "with target must be a static reference");
                }
            }
        }
    }

    /// <summary>Declares every variable of a pattern as a new local.</summary>
    private void Declare(Expr pattern, Scope scope, Scope body)
    {
        switch (pattern)
        {
            case VarTerm v:
                DeclareVar(v, scope, body, strict: true);
                break;
            case ArrayTerm a:
                foreach (var i in a.Items)
                {
                    Declare(i, scope, body);
                }

                break;
            case ObjectTerm o:
                foreach (var kv in o.Items)
                {
                    ResolveExpr(kv.Key, scope);
                    Declare(kv.Value, scope, body);
                }

                break;
            default:
                ResolveExpr(pattern, scope);
                break;
        }
    }

    private void DeclareVar(VarTerm v, Scope scope, Scope body, bool strict)
    {
        if (v.IsWildcard)
        {
            v.Slot = _slots++;
            return;
        }

        if (v.Name is "input" or "data" && _module.IsV1)
        {
            throw Error(v, v.Name + " cannot be shadowed");
        }

        if (strict && (scope.Names.ContainsKey(v.Name) || (scope.IsBodyRoot && scope.Parent is not null && scope.Parent.Names.ContainsKey(v.Name))))
        {
            throw Error(v, $"var `{v.Name}` used before definition below");
        }

        v.Slot = _slots++;
        scope.Names[v.Name] = v.Slot;
    }

    private void ResolveExpr(Expr e, Scope scope)
    {
        switch (e)
        {
            case VarTerm v:
                ResolveVar(v, scope);
                break;
            case RefTerm r:
                ResolveExpr(r.Head, scope);
                foreach (var p in r.Path)
                {
                    ResolveExpr(p, scope);
                }

                break;
            case ArrayTerm a:
                foreach (var i in a.Items)
                {
                    ResolveExpr(i, scope);
                }

                break;
            case SetTerm s:
                foreach (var i in s.Items)
                {
                    ResolveExpr(i, scope);
                }

                break;
            case ObjectTerm o:
                foreach (var kv in o.Items)
                {
                    ResolveExpr(kv.Key, scope);
                    ResolveExpr(kv.Value, scope);
                }

                break;
            case ComprTerm c:
                var inner = new Scope(scope, false);
                ResolveQuery(c.Body, inner);
                if (c.Key is not null)
                {
                    ResolveExpr(c.Key, inner);
                }

                ResolveExpr(c.Value, inner);
                break;
            case CallTerm call:
                ResolveCall(call, scope);
                foreach (var a in call.Args)
                {
                    ResolveExpr(a, scope);
                }

                break;
            case BinaryTerm b:
                if (b.Op == "u-")
                {
                    throw Error(b, "unary - can only be used with numeric literals");
                }

                ResolveExpr(b.Left, scope);
                ResolveExpr(b.Right, scope);
                break;
            case MembershipTerm m:
                if (m.Key is not null)
                {
                    ResolveExpr(m.Key, scope);
                }

                ResolveExpr(m.Value, scope);
                ResolveExpr(m.Collection, scope);
                break;
        }
    }

    private void ResolveVar(VarTerm v, Scope scope)
    {
        if (v.IsWildcard)
        {
            v.Slot = _slots++;
            return;
        }

        if (scope.Find(v.Name) is { } slot)
        {
            v.Slot = slot;
            return;
        }

        if (GlobalPath(v.Name) is { } g)
        {
            v.Global = g;
            return;
        }

        v.Slot = _slots++;
        scope.Names[v.Name] = v.Slot;
    }

    private string[]? GlobalPath(string name, bool preferImports = false)
    {
        if (name is "input" or "data")
        {
            return [name];
        }

        if (preferImports)
        {
            foreach (var imp in _module.Imports)
            {
                if (imp.Alias == name)
                {
                    return imp.Path;
                }
            }
        }

        if (_packageRules.Contains(name))
        {
            return [.. _module.Package, name];
        }

        foreach (var imp in _module.Imports)
        {
            if (imp.Alias == name)
            {
                return imp.Path;
            }
        }

        return null;
    }

    private void ResolveCall(CallTerm call, Scope scope, bool allowOutput = false)
    {
        var parts = call.Name.Split('.');
        if (scope.Find(parts[0]) is null && GlobalPath(parts[0], preferImports: true) is { } g && g[0] == "data")
        {
            var full = new string[g.Length + parts.Length - 1];
            g.CopyTo(full, 0);
            Array.Copy(parts, 1, full, g.Length, parts.Length - 1);
            var node = Find(full);
            if (node is not null && node.IsFunction)
            {
                call.FunctionPath = full;
                return;
            }

            if (g.Length > 1 || parts.Length > 1)
            {
                if (node is not null)
                {
                    throw Error(call, $"could not find function {call.Name}: it is not a function");
                }
            }
        }

        if (BuiltinRegistry.TryGet(call.Name, out var builtin))
        {
            if (builtin.Arity >= 0 && call.Args.Count != builtin.Arity && !(allowOutput && call.Args.Count == builtin.Arity + 1))
            {
                throw Error(call, $"`{call.Name}` expects {builtin.Arity} argument{(builtin.Arity == 1 ? string.Empty : "s")}");
            }

            call.Builtin = builtin;
            return;
        }

        throw Error(call, $"could not find function {call.Name}");
    }

    private RuleNode? Find(string[] path)
    {
        var node = _root;
        for (var i = 1; i < path.Length && node is not null; i++)
        {
            node = node.Child(path[i]);
        }

        return node;
    }

    private RegoParseException Error(Expr e, string reason) => new(_module.File, e.Line, e.Column, reason);
}
