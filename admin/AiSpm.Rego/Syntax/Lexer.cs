using System.Globalization;
using System.Text;

namespace AiSpm.Rego.Syntax;

/// <summary>Turns Rego source into tokens; newlines are tokens because they separate body literals.</summary>
internal sealed class Lexer
{
    private readonly string _src;
    private readonly string _file;
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    public Lexer(string file, string src)
    {
        _file = file;
        _src = src;
    }

    public List<Token> Tokenize()
    {
        var list = new List<Token>();
        while (true)
        {
            var space = SkipSpace();
            var col = _pos - _lineStart + 1;
            if (_pos >= _src.Length)
            {
                list.Add(new Token(TokenKind.Eof, string.Empty, _line, col, space));
                return list;
            }

            var c = _src[_pos];
            if (c == '\n')
            {
                list.Add(new Token(TokenKind.Newline, "\n", _line, col, space));
                _pos++;
                _line++;
                _lineStart = _pos;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var start = _pos;
                while (_pos < _src.Length && (char.IsLetterOrDigit(_src[_pos]) || _src[_pos] == '_'))
                {
                    _pos++;
                }

                list.Add(new Token(TokenKind.Ident, _src[start.._pos], _line, col, space));
                continue;
            }

            if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _src.Length && char.IsAsciiDigit(_src[_pos + 1]) && !PrevIsTermEnd(list, space)))
            {
                list.Add(new Token(TokenKind.Number, ReadNumber(), _line, col, space));
                continue;
            }

            if (c == '"')
            {
                list.Add(new Token(TokenKind.String, ReadString(col), _line, col, space));
                continue;
            }

            if (c == '`')
            {
                var end = _src.IndexOf('`', _pos + 1);
                if (end < 0)
                {
                    throw Error(_line, col, "unterminated raw string");
                }

                var text = _src[(_pos + 1)..end];
                foreach (var ch in text)
                {
                    if (ch == '\n')
                    {
                        _line++;
                    }
                }

                _pos = end + 1;
                list.Add(new Token(TokenKind.String, text, _line, col, space));
                continue;
            }

            var two = _pos + 1 < _src.Length ? _src.Substring(_pos, 2) : string.Empty;
            if (two is ":=" or "==" or "!=" or "<=" or ">=")
            {
                _pos += 2;
                list.Add(new Token(TokenKind.Punct, two, _line, col, space));
                continue;
            }

            if ("{}[]().,;:=<>+-*/%&|".Contains(c, StringComparison.Ordinal))
            {
                _pos++;
                list.Add(new Token(TokenKind.Punct, c.ToString(), _line, col, space));
                continue;
            }

            throw Error(_line, col, $"unexpected character '{c}'");
        }
    }

    private static bool PrevIsTermEnd(List<Token> list, bool space)
    {
        if (space || list.Count == 0)
        {
            return false;
        }

        var p = list[^1];
        return p.Kind is TokenKind.Ident or TokenKind.String or TokenKind.Number || p.Is(")") || p.Is("]") || p.Is("}");
    }

    private bool SkipSpace()
    {
        var any = false;
        while (_pos < _src.Length)
        {
            var c = _src[_pos];
            if (c is ' ' or '\t' or '\r')
            {
                _pos++;
                any = true;
            }
            else if (c == '#')
            {
                while (_pos < _src.Length && _src[_pos] != '\n')
                {
                    _pos++;
                }

                any = true;
            }
            else
            {
                break;
            }
        }

        return any;
    }

    private string ReadNumber()
    {
        var start = _pos;
        while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
        {
            _pos++;
        }

        if (_pos + 1 < _src.Length && _src[_pos] == '.' && char.IsAsciiDigit(_src[_pos + 1]))
        {
            _pos++;
            while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < _src.Length && (_src[_pos] == 'e' || _src[_pos] == 'E'))
        {
            var save = _pos;
            _pos++;
            if (_pos < _src.Length && (_src[_pos] == '+' || _src[_pos] == '-'))
            {
                _pos++;
            }

            if (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        return _src[start.._pos];
    }

    private string ReadString(int col)
    {
        var sb = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _src.Length || _src[_pos] == '\n')
            {
                throw Error(_line, col, "unterminated string");
            }

            var c = _src[_pos++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (_pos >= _src.Length)
            {
                throw Error(_line, col, "unterminated string");
            }

            var e = _src[_pos++];
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (_pos + 4 > _src.Length || !int.TryParse(_src.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var u))
                    {
                        throw Error(_line, _pos - _lineStart, "invalid escape sequence");
                    }

                    sb.Append((char)u);
                    _pos += 4;
                    break;
                default:
                    throw Error(_line, _pos - _lineStart, "invalid escape sequence");
            }
        }
    }

    private RegoParseException Error(int line, int col, string reason) => new(_file, line, col, reason);
}
