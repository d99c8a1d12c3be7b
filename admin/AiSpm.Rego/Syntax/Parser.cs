using AiSpm.Rego.Values;

namespace AiSpm.Rego.Syntax;

/// <summary>Recursive-descent parser for Rego v0 and v1 modules and queries.</summary>
internal sealed partial class Parser
{
    private readonly List<Token> _t;
    private readonly string _file;
    private int _i;
    private bool _v1;
    private bool _stopAtBar;
    private readonly HashSet<Expr> _parenthesized = [];

    public Parser(string file, string source)
    {
        _file = file;
        _t = new Lexer(file, source).Tokenize();
    }

    private Token Peek => _t[_i];

    private Token PeekAt(int k) => _t[Math.Min(_i + k, _t.Count - 1)];

    private Token Next() => _t[_i++ < _t.Count - 1 ? _i - 1 : _t.Count - 1];

    private void SkipNl()
    {
        while (Peek.Kind == TokenKind.Newline)
        {
            _i++;
        }
    }

    /// <summary>True when the next token, after any newlines, is the keyword <paramref name="ident"/>; the newlines are then consumed.</summary>
    private bool SkipNewlinesBefore(string ident)
    {
        var k = 0;
        while (PeekAt(k).Kind == TokenKind.Newline)
        {
            k++;
        }

        if (!PeekAt(k).IsIdent(ident))
        {
            return false;
        }

        _i += k;
        return true;
    }

    private void SkipSeparators()
    {
        while (Peek.Kind == TokenKind.Newline || Peek.Is(";"))
        {
            _i++;
        }
    }

    private RegoParseException Error(Token at, string reason) => new(_file, at.Line, at.Column, reason);

    private void Expect(string punct)
    {
        if (!Peek.Is(punct))
        {
            throw Error(Peek, $"expecting `{punct}`" + Found());
        }

        _i++;
    }

    private string Found() => Peek.Kind == TokenKind.Eof ? " but found end of file" : $" but found `{Peek.Text}`";

    public Module ParseModule()
    {
        SkipSeparators();
        if (!Peek.IsIdent("package"))
        {
            throw Error(Peek, "expecting `package`");
        }

        _i++;
        var pkg = new List<string> { "data" };
        pkg.AddRange(ParseNamePath());
        var module = new Module(_file, [.. pkg]);
        SkipSeparators();
        var sawFuture = false;
        while (Peek.IsIdent("import"))
        {
            var imp = ParseImport();
            if (imp.Path[0] == "rego")
            {
                if (module.IsV1 || sawFuture)
                {
                    throw Error(_t[_i - 1], "this import shadows previous import");
                }

                module.IsV1 = true;
            }
            else if (imp.Path[0] == "future")
            {
                if (module.IsV1)
                {
                    throw Error(_t[_i - 1], "this import shadows previous import");
                }

                sawFuture = true;
            }
            else
            {
                foreach (var other in module.Imports)
                {
                    if (other.Alias == imp.Alias)
                    {
                        throw new RegoParseException(_file, imp.Line, imp.Column, "this import shadows previous import");
                    }
                }

                module.Imports.Add(imp);
            }

            SkipSeparators();
        }

        _v1 = module.IsV1;
        while (Peek.Kind != TokenKind.Eof)
        {
            if (Peek.IsIdent("import"))
            {
                throw Error(Peek, "imports must come before rules");
            }

            foreach (var r in ParseRule(module))
            {
                r.Module = module;
                module.Rules.Add(r);
            }

            SkipSeparators();
        }

        return module;
    }

    public Query ParseQueryText()
    {
        SkipSeparators();
        var q = ParseQueryUntil(null);
        if (Peek.Kind != TokenKind.Eof)
        {
            throw Error(Peek, "unexpected token" + Found());
        }

        return q;
    }

    private List<string> ParseNamePath()
    {
        var parts = new List<string>();
        if (Peek.Kind != TokenKind.Ident)
        {
            throw Error(Peek, "expecting identifier" + Found());
        }

        parts.Add(Next().Text);
        while (true)
        {
            if (Peek.Is(".") && PeekAt(1).Kind == TokenKind.Ident)
            {
                _i++;
                parts.Add(Next().Text);
            }
            else if (Peek.Is("[") && !Peek.SpaceBefore && PeekAt(1).Kind == TokenKind.String && PeekAt(2).Is("]"))
            {
                parts.Add(PeekAt(1).Text);
                _i += 3;
            }
            else
            {
                return parts;
            }
        }
    }

    private Import ParseImport()
    {
        var start = Next();
        var at = Peek;
        var path = ParseNamePath();
        if (path[0] is not ("data" or "input" or "future" or "rego"))
        {
            throw Error(at, "import path must begin with one of: {data, future, input, rego}");
        }

        var alias = path[^1];
        if (Peek.IsIdent("as"))
        {
            _i++;
            if (Peek.Kind != TokenKind.Ident)
            {
                throw Error(Peek, "expecting alias" + Found());
            }

            alias = Next().Text;
        }

        return new Import([.. path], alias, start.Line, start.Column);
    }

    private static bool IsTermStart(Token t) =>
        t.Kind is TokenKind.Ident or TokenKind.Number or TokenKind.String || t.Is("[") || t.Is("{") || t.Is("(") || t.Is("-");
}
