namespace AiSpm.Scanner.Model;

public enum ChangeKind
{
    Added,
    Modified,
    Removed,
}
