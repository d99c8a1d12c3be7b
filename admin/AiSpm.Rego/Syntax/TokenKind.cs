namespace AiSpm.Rego.Syntax;

internal enum TokenKind
{
    Ident,
    Number,
    String,
    Punct,
    Newline,
    Eof,
}
