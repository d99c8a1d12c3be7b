namespace AiSpm.Rego.Syntax;

/// <summary>A token; Text is the decoded value for strings. SpaceBefore tells whether whitespace precedes it (Rego cares for `.` and `[`).</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column, bool SpaceBefore)
{
    public bool Is(string punct) => Kind == TokenKind.Punct && Text == punct;

    public bool IsIdent(string name) => Kind == TokenKind.Ident && Text == name;
}
