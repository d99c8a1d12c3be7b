using AiSpm.Rego.Values;

namespace AiSpm.Rego.Syntax;

internal sealed partial class Parser
{
    private List<Rule> ParseRule(Module module)
    {
        var start = Peek;
        var isDefault = false;
        if (Peek.IsIdent("default"))
        {
            isDefault = true;
            _i++;
        }

        if (Peek.Kind != TokenKind.Ident)
        {
            throw Error(Peek, "expecting rule name" + Found());
        }

        var path = new List<string>(module.Package) { Next().Text };
        Expr? key = null;
        List<Expr>? extraKeys = null;
        List<Expr>? args = null;
        while (true)
        {
            if (key is not null && Peek.Is("[") && !Peek.SpaceBefore)
            {
                _i++;
                SkipNl();
                extraKeys ??= [];
                extraKeys.Add(ParseExpr());
                SkipNl();
                Expect("]");
            }
            else if (Peek.Is(".") && !Peek.SpaceBefore)
            {
                _i++;
                if (Peek.Kind != TokenKind.Ident)
                {
                    throw Error(Peek, "expecting identifier" + Found());
                }

                if (key is not null)
                {
                    throw Error(Peek, "rule head refs may have a variable key only at the end");
                }

                path.Add(Next().Text);
            }
            else if (Peek.Is("[") && !Peek.SpaceBefore && key is null)
            {
                _i++;
                SkipNl();
                var k = ParseExpr();
                SkipNl();
                Expect("]");
                if (k is ScalarTerm { Value: RegoString s } && (Peek.Is(".") || Peek.Is("[")))
                {
                    path.Add(s.Value);
                }
                else
                {
                    key = k;
                }
            }
            else if (Peek.Is("(") && !Peek.SpaceBefore && key is null)
            {
                _i++;
                args = ParseList(")");
                break;
            }
            else
            {
                break;
            }
        }

        Expr? value = null;
        var isContains = false;
        var assign = false;
        var setLeaf = false;
        if (Peek.IsIdent("contains") && key is not null && !(key is ScalarTerm { Value: RegoString } && extraKeys is null))
        {
            // `p[a][b] contains v`: an object whose leaves are sets.
            _i++;
            setLeaf = true;
            extraKeys ??= [];
            value = ParseExprNoAssign();
        }
        else if (Peek.IsIdent("contains"))
        {
            _i++;
            isContains = true;
            if (key is not null)
            {
                path.Add(KeyAsSegment(key));
            }

            key = ParseExprNoAssign();
        }
        else if (Peek.Is("=") || Peek.Is(":="))
        {
            assign = Peek.Is(":=");
            _i++;
            SkipNl();
            value = isDefault ? ParseRelation() : ParseExprNoAssign();
        }

        if (isDefault)
        {
            if (Peek.IsIdent("in"))
            {
                throw Error(Peek, "unexpected keyword `in`");
            }

            if (value is null)
            {
                throw Error(start, "default rules must have a value");
            }

            CheckDefaultValue(value);
            var dr = new Rule(args is null ? RuleKind.Complete : RuleKind.Function, [.. path], start.Line, start.Column) { IsDefault = true, Value = value };
            if (args is not null)
            {
                dr.Args.AddRange(args);
            }

            return [dr];
        }

        var bodies = new List<RuleBody>();
        var hasBody = ParseOptionalBody(out var firstBody);
        if (!hasBody && _v1 && value is null && !isContains)
        {
            if (key is null && path.Count - module.Package.Length == 2)
            {
                throw Error(start, "`contains` keyword is required for partial set rules");
            }

            throw Error(start, "rule must have a body or assignment");
        }

        bodies.Add(new RuleBody(firstBody ?? new Query([]), null));
        while (true)
        {
            var save = _i;
            SkipNl();
            if (!Peek.IsIdent("else"))
            {
                _i = save;
                break;
            }

            _i++;
            Expr? elseValue = null;
            if (Peek.Is("=") || Peek.Is(":="))
            {
                _i++;
                elseValue = ParseExprNoAssign();
            }

            ParseOptionalBody(out var elseBody);
            bodies.Add(new RuleBody(elseBody ?? new Query([]), elseValue ?? new ScalarTerm(RegoBool.True, start.Line, start.Column)));
        }

        RuleKind kind;
        if (!_v1 && args is null && !isContains && key is null && value is null && hasBody && path.Count - module.Package.Length > 1)
        {
            // v0: `p.q { ... }` is `p["q"] { ... }`, a partial set member.
            key = new ScalarTerm(new RegoString(path[^1]), start.Line, start.Column);
            path.RemoveAt(path.Count - 1);
            isContains = true;
        }

        if (args is not null)
        {
            kind = RuleKind.Function;
        }
        else if (isContains)
        {
            kind = RuleKind.PartialSet;
        }
        else if (key is not null)
        {
            if (value is null && (!_v1 || !hasBody) && extraKeys is null)
            {
                if (_v1)
                {
                    throw Error(start, "`contains` keyword is required for partial set rules");
                }

                kind = RuleKind.PartialSet;
            }
            else if (extraKeys is not null)
            {
                kind = RuleKind.PartialObject;
            }
            else if (key is ScalarTerm { Value: RegoString ks } && (assign || _v1 || path.Count - module.Package.Length > 1))
            {
                path.Add(ks.Value);
                key = null;
                kind = RuleKind.Complete;
            }
            else
            {
                kind = RuleKind.PartialObject;
            }
        }
        else
        {
            kind = RuleKind.Complete;
        }

        if (kind == RuleKind.PartialObject && value is null)
        {
            value = new ScalarTerm(RegoBool.True, start.Line, start.Column);
        }

        var rule = new Rule(kind, [.. path], start.Line, start.Column)
        {
            KeyPath = extraKeys is null ? null : [key!, .. extraKeys],
            SetLeaf = setLeaf,
            Key = key,
            Value = value ?? (kind is RuleKind.Complete or RuleKind.Function ? new ScalarTerm(RegoBool.True, start.Line, start.Column) : null),
        };
        if (args is not null)
        {
            rule.Args.AddRange(args);
        }

        rule.Bodies.AddRange(bodies);
        return [rule];
    }

    private string KeyAsSegment(Expr key) => key is ScalarTerm { Value: RegoString s } ? s.Value : throw new RegoParseException(_file, key.Line, key.Column, "rule head refs may have a variable key only at the end");

    private bool ParseOptionalBody(out Query? body)
    {
        body = null;
        if (Peek.IsIdent("if"))
        {
            _i++;
            if (Peek.Is("{"))
            {
                body = ParseBraceBody();
            }
            else
            {
                SkipNl();
                var lit = ParseLiteral();
                body = new Query([lit]);
            }

            return true;
        }

        if (Peek.Is("{"))
        {
            if (_v1)
            {
                throw Error(Peek, "`if` keyword is required before rule body");
            }

            body = ParseBraceBody();
            return true;
        }

        return false;
    }

    private Query ParseBraceBody()
    {
        var open = Peek;
        Expect("{");
        SkipSeparators();
        var q = ParseQueryUntil("}");
        Expect("}");
        if (q.Literals.Count == 0)
        {
            throw Error(open, "found empty body");
        }

        return q;
    }

    private void CheckDefaultValue(Expr e)
    {
        switch (e)
        {
            case VarTerm: throw DefaultError(e, "var");
            case RefTerm: throw DefaultError(e, "ref");
            case CallTerm: throw DefaultError(e, "call");
            case MembershipTerm: throw DefaultError(e, "membership");
            case BinaryTerm b:
                var kind = b.Op switch
                {
                    "u-" => "unaryexpr",
                    "+" or "-" or "*" or "/" or "%" => "arithexpr",
                    "==" or "!=" or "<" or "<=" or ">" or ">=" => "boolexpr",
                    _ => "binexpr",
                };
                throw DefaultError(e, kind);
            case ArrayTerm a:
                a.Items.ForEach(CheckDefaultValue);
                break;
            case SetTerm s:
                s.Items.ForEach(CheckDefaultValue);
                break;
            case ObjectTerm o:
                foreach (var kv in o.Items)
                {
                    CheckDefaultValue(kv.Key);
                    CheckDefaultValue(kv.Value);
                }

                break;
        }
    }

    private RegoParseException DefaultError(Expr e, string what) => new(_file, e.Line, e.Column, $"invalid `{what}` in default value");
}
