using AiSpm.Rego.Values;

namespace AiSpm.Rego.Syntax;

internal sealed partial class Parser
{
    private Query ParseQueryUntil(string? end)
    {
        var lits = new List<Literal>();
        while (true)
        {
            SkipSeparators();
            if (Peek.Kind == TokenKind.Eof || (end is not null && Peek.Is(end)))
            {
                return new Query(lits);
            }

            lits.Add(ParseLiteral());
            if (Peek.Kind == TokenKind.Newline || Peek.Is(";"))
            {
                continue;
            }

            if (Peek.Kind == TokenKind.Eof || (end is not null && Peek.Is(end)))
            {
                return new Query(lits);
            }

            throw Error(Peek, "unexpected token" + Found());
        }
    }

    private Literal ParseLiteral()
    {
        var start = Peek;
        var saveBar = _stopAtBar;
        _stopAtBar = false;
        try
        {
            Literal lit;
            if (Peek.IsIdent("some") && IsTermStart(PeekAt(1)))
            {
                _i++;
                var terms = new List<Expr> { ParseRelation() };
                while (Peek.Is(","))
                {
                    _i++;
                    SkipNl();
                    terms.Add(ParseRelation());
                }

                if (Peek.IsIdent("in"))
                {
                    _i++;
                    if (terms.Count > 2)
                    {
                        throw Error(start, "too many terms before `in`");
                    }

                    lit = new Literal(LiteralKind.SomeIn, start.Line, start.Column)
                    {
                        Key = terms.Count == 2 ? terms[0] : null,
                        Value = terms[^1],
                        Collection = ParseRelation(),
                    };
                }
                else
                {
                    lit = new Literal(LiteralKind.SomeVars, start.Line, start.Column);
                    foreach (var t in terms)
                    {
                        if (t is not VarTerm v)
                        {
                            throw new RegoParseException(_file, t.Line, t.Column, "expecting variable after `some`");
                        }

                        lit.Vars.Add(v);
                    }
                }
            }
            else if (Peek.IsIdent("every") && PeekAt(1).Kind == TokenKind.Ident)
            {
                _i++;
                var first = ParseRelation();
                Expr? key = null;
                var value = first;
                if (Peek.Is(","))
                {
                    _i++;
                    key = first;
                    value = ParseRelation();
                }

                if (!Peek.IsIdent("in"))
                {
                    throw Error(Peek, "expecting `in`" + Found());
                }

                _i++;
                var coll = ParseRelation();
                lit = new Literal(LiteralKind.Every, start.Line, start.Column) { Key = key, Value = value, Collection = coll, Body = ParseBraceBody() };
            }
            else
            {
                var negated = false;
                if (Peek.IsIdent("not") && IsTermStart(PeekAt(1)))
                {
                    negated = true;
                    _i++;
                }

                var expr = ParseExpr();
                if (Peek.Is(",") && expr is not BinaryTerm { Op: ":=" or "=" })
                {
                    // `k, v in coll` as an expression.
                    var comma = Next();
                    var value = ParseRelation();
                    if (!Peek.IsIdent("in"))
                    {
                        throw Error(Peek, "expecting `in`" + Found());
                    }

                    _i++;
                    expr = new MembershipTerm(expr, value, ParseRelation(), comma.Line, comma.Column);
                }

                lit = new Literal(LiteralKind.Expr, start.Line, start.Column) { Expr = expr, Negated = negated };
            }

            // `with` is a keyword and cannot start a literal, so a `with` on a continuation line (OPA's test style:
            // `allow\n\t\twith input as x\n\t\twith data.y as z`) still modifies this literal.
            while (SkipNewlinesBefore("with"))
            {
                _i++;
                var target = ParsePostfix();
                if (!Peek.IsIdent("as"))
                {
                    throw Error(Peek, "expecting `as`" + Found());
                }

                _i++;
                lit.Withs.Add(new WithModifier(target, ParseMembership()));
            }

            return lit;
        }
        finally
        {
            _stopAtBar = saveBar;
        }
    }

    private Expr ParseExpr()
    {
        var left = ParseMembership();
        if (Peek.Is(":=") || Peek.Is("="))
        {
            var op = Next();
            SkipNl();
            var right = ParseMembership();
            return new BinaryTerm(op.Text, left, right, op.Line, op.Column);
        }

        return left;
    }

    private Expr ParseExprNoAssign() => ParseMembership();

    private Expr ParseMembership()
    {
        var left = ParseRelation();
        while (Peek.IsIdent("in"))
        {
            var op = Next();
            SkipNl();
            var coll = ParseRelation();
            left = new MembershipTerm(null, left, coll, op.Line, op.Column);
        }

        return left;
    }

    private Expr ParseRelation()
    {
        var left = ParseOr();
        while (Peek.Kind == TokenKind.Punct && Peek.Text is "==" or "!=" or "<" or "<=" or ">" or ">=")
        {
            var op = Next();
            SkipNl();
            left = new BinaryTerm(op.Text, left, ParseOr(), op.Line, op.Column);
        }

        return left;
    }

    private Expr ParseOr()
    {
        var left = ParseAnd();
        while (Peek.Is("|") && !_stopAtBar)
        {
            var op = Next();
            SkipNl();
            left = new BinaryTerm("|", left, ParseAnd(), op.Line, op.Column);
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseArith();
        while (Peek.Is("&"))
        {
            var op = Next();
            SkipNl();
            left = new BinaryTerm("&", left, ParseArith(), op.Line, op.Column);
        }

        return left;
    }

    private Expr ParseArith()
    {
        var left = ParseFactor();
        while (Peek.Is("+") || Peek.Is("-"))
        {
            var op = Next();
            SkipNl();
            left = new BinaryTerm(op.Text, left, ParseFactor(), op.Line, op.Column);
        }

        return left;
    }

    private Expr ParseFactor()
    {
        var left = ParseUnary();
        while (Peek.Is("*") || Peek.Is("/") || Peek.Is("%"))
        {
            var op = Next();
            SkipNl();
            left = new BinaryTerm(op.Text, left, ParseUnary(), op.Line, op.Column);
        }

        return left;
    }

    private Expr ParseUnary()
    {
        if (!Peek.Is("-"))
        {
            return ParsePostfix();
        }

        var minus = Next();
        SkipNl();
        if (Peek.Kind == TokenKind.Number)
        {
            var n = Next();
            var num = RegoNumber.Parse("-" + n.Text) ?? throw Error(n, "invalid number");
            return ParsePostfixOf(new ScalarTerm(num, minus.Line, minus.Column));
        }

        var operand = ParseUnary();
        return new BinaryTerm("u-", operand, operand, minus.Line, minus.Column);
    }

    private Expr ParsePostfix() => ParsePostfixOf(ParsePrimary());

    private Expr ParsePostfixOf(Expr e)
    {
        while (true)
        {
            if (Peek.Is(".") && !Peek.SpaceBefore)
            {
                var dot = Next();
                if (Peek.Kind == TokenKind.Newline)
                {
                    throw Error(dot, "invalid whitespace between . and identifier");
                }

                if (Peek.Kind != TokenKind.Ident)
                {
                    throw Error(Peek, "expecting identifier after `.`" + Found());
                }

                if (Peek.SpaceBefore)
                {
                    throw Error(dot, "invalid whitespace between . and identifier");
                }

                var name = Next();
                e = Append(e, new ScalarTerm(new RegoString(name.Text), name.Line, name.Column));
            }
            else if (Peek.Is("[") && !Peek.SpaceBefore)
            {
                _i++;
                var save = _stopAtBar;
                _stopAtBar = false;
                SkipNl();
                var idx = ParseExpr();
                SkipNl();
                Expect("]");
                _stopAtBar = save;
                e = Append(e, idx);
            }
            else if (Peek.Is("(") && !Peek.SpaceBefore && CallName(e) is { } name)
            {
                var open = Next();
                var save = _stopAtBar;
                _stopAtBar = false;
                var args = ParseList(")");
                _stopAtBar = save;
                e = name == "set" && args.Count == 0 ? new SetTerm([], e.Line, e.Column) : new CallTerm(name, args, e.Line, e.Column);
            }
            else
            {
                return e;
            }
        }
    }

    /// <summary>A term that may start a comprehension: not an unparenthesized infix expression.</summary>
    /// <remarks>Arithmetic may start one (`[x * 2 | some x in xs]`, as in OPA); a set operation may not (`[s & t | u]` and `[s - {1} | u]` are unions, as in Regorus).</remarks>
    private bool IsSimpleTerm(Expr e) =>
        _parenthesized.Contains(e) || e is not (BinaryTerm { Op: not ("+" or "-" or "*" or "/" or "%") } or BinaryTerm { Right: SetTerm } or MembershipTerm);

    private static RefTerm Append(Expr e, Expr operand)
    {
        if (e is RefTerm r)
        {
            var path = new List<Expr>(r.Path) { operand };
            return new RefTerm(r.Head, path, r.Line, r.Column);
        }

        return new RefTerm(e, [operand], e.Line, e.Column);
    }

    private static string? CallName(Expr e)
    {
        if (e is VarTerm v)
        {
            return v.Name;
        }

        if (e is RefTerm { Head: VarTerm h } r)
        {
            var parts = new List<string> { h.Name };
            foreach (var p in r.Path)
            {
                if (p is not ScalarTerm { Value: RegoString s })
                {
                    return null;
                }

                parts.Add(s.Value);
            }

            return string.Join('.', parts);
        }

        return null;
    }

    private List<Expr> ParseList(string close)
    {
        var items = new List<Expr>();
        SkipNl();
        while (!Peek.Is(close))
        {
            items.Add(ParseExpr());
            SkipNl();
            if (Peek.Is(","))
            {
                _i++;
                SkipNl();
            }
            else if (!Peek.Is(close))
            {
                throw Error(Peek, $"expecting `{close}`" + Found());
            }
        }

        _i++;
        return items;
    }

    private Expr ParsePrimary()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Number:
                _i++;
                return new ScalarTerm(RegoNumber.Parse(t.Text) ?? throw Error(t, "invalid number"), t.Line, t.Column);
            case TokenKind.String:
                _i++;
                return new ScalarTerm(new RegoString(t.Text), t.Line, t.Column);
            case TokenKind.Ident:
                _i++;
                return t.Text switch
                {
                    "true" => new ScalarTerm(RegoBool.True, t.Line, t.Column),
                    "false" => new ScalarTerm(RegoBool.False, t.Line, t.Column),
                    "null" => new ScalarTerm(RegoNull.Instance, t.Line, t.Column),
                    _ => new VarTerm(t.Text, t.Line, t.Column),
                };
        }

        if (t.Is("("))
        {
            _i++;
            var save = _stopAtBar;
            _stopAtBar = false;
            SkipNl();
            var e = ParseMembership();
            SkipNl();
            Expect(")");
            _stopAtBar = save;
            _parenthesized.Add(e);
            return e;
        }

        if (t.Is("["))
        {
            return ParseArray();
        }

        if (t.Is("{"))
        {
            return ParseBrace();
        }

        throw Error(t, "unexpected token" + Found());
    }

    private Expr ParseArray()
    {
        var open = Next();
        var save = _stopAtBar;
        try
        {
            SkipNl();
            if (Peek.Is("]"))
            {
                _i++;
                return new ArrayTerm([], open.Line, open.Column);
            }

            _stopAtBar = true;
            var startOfFirst = _i;
            var first = ParseMembership();
            SkipNl();
            if (Peek.Is("|") && IsSimpleTerm(first))
            {
                var bar = _i;
                _i++;
                _stopAtBar = false;
                try
                {
                    var body = ParseQueryUntil("]");
                    Expect("]");
                    return new ComprTerm(ComprKind.Array, null, first, body, open.Line, open.Column);
                }
                catch (RegoParseException)
                {
                    // `[x | y, 5]` is an array whose first element is a union.
                    _i = bar;
                }
            }

            if (Peek.Is("|"))
            {
                _i = startOfFirst;
                _stopAtBar = false;
                first = ParseMembership();
                SkipNl();
            }

            _stopAtBar = false;
            var items = new List<Expr> { first };
            if (Peek.Is(","))
            {
                _i++;
                items.AddRange(ParseList("]"));
            }
            else
            {
                Expect("]");
            }

            return new ArrayTerm(items, open.Line, open.Column);
        }
        finally
        {
            _stopAtBar = save;
        }
    }

    private Expr ParseBrace()
    {
        var open = Next();
        var save = _stopAtBar;
        try
        {
            SkipNl();
            if (Peek.Is("}"))
            {
                _i++;
                return new ObjectTerm([], open.Line, open.Column);
            }

            _stopAtBar = true;
            var startOfSetFirst = _i;
            var first = ParseMembership();
            SkipNl();
            if (Peek.Is(":"))
            {
                _i++;
                SkipNl();
                var firstValue = ParseMembership();
                SkipNl();
                if (Peek.Is("|"))
                {
                    _i++;
                    _stopAtBar = false;
                    var body = ParseQueryUntil("}");
                    Expect("}");
                    return new ComprTerm(ComprKind.Object, first, firstValue, body, open.Line, open.Column);
                }

                _stopAtBar = false;
                var items = new List<KeyValuePair<Expr, Expr>> { new(first, firstValue) };
                while (Peek.Is(","))
                {
                    _i++;
                    SkipNl();
                    if (Peek.Is("}"))
                    {
                        break;
                    }

                    var k = ParseMembership();
                    SkipNl();
                    Expect(":");
                    SkipNl();
                    items.Add(new(k, ParseMembership()));
                    SkipNl();
                }

                Expect("}");
                return new ObjectTerm(items, open.Line, open.Column);
            }

            if (Peek.Is("|") && IsSimpleTerm(first))
            {
                _i++;
                _stopAtBar = false;
                var body = ParseQueryUntil("}");
                Expect("}");
                return new ComprTerm(ComprKind.Set, null, first, body, open.Line, open.Column);
            }

            if (Peek.Is("|"))
            {
                _i = startOfSetFirst;
                _stopAtBar = false;
                first = ParseMembership();
                SkipNl();
            }

            _stopAtBar = false;
            var set = new List<Expr> { first };
            if (Peek.Is(","))
            {
                _i++;
                set.AddRange(ParseList("}"));
            }
            else
            {
                Expect("}");
            }

            return new SetTerm(set, open.Line, open.Column);
        }
        finally
        {
            _stopAtBar = save;
        }
    }
}
