namespace AiSpm.Detection.Validation;

/// <summary>
/// Confirms an embedded-task candidate: a question or instruction planted at the edge of an email or document an agent
/// reads (BIPIA's indirect injection), such as "What is the capital of Brazil?" above a bank notice. The pattern finds
/// a line that opens with a question or task word next to email structure; this decides whether that line speaks to
/// nobody in the document and about nothing in it. "Tell me if the following email is spam" is the user's own request
/// about the document, and "Can we move the call to Friday?" is part of the correspondence: both name a person or the
/// document, so neither is a finding.
/// </summary>
internal static class TaskLine
{
    private const int MinWords = 3;
    private const int MaxWords = 40;
    private const int MaxWordLength = 16;

    /// <summary>True when the first or the last line of <paramref name="candidate"/> is an impersonal task.</summary>
    public static bool AtEitherEdge(ReadOnlySpan<byte> candidate)
    {
        var trimmed = candidate.Trim((byte)'\n');
        var firstBreak = trimmed.IndexOf((byte)'\n');
        if (firstBreak < 0)
        {
            return IsImpersonal(trimmed);
        }

        return IsImpersonal(trimmed[..firstBreak]) || IsImpersonal(trimmed[(trimmed.LastIndexOf((byte)'\n') + 1)..]);
    }

    /// <summary>
    /// A line of a few words, none of them a person (I, you, we) or a pointer into the document (this, email, above),
    /// that is not the greeting or header line the pattern anchored on ("Hi Ana,", "Subject: ...").
    /// </summary>
    internal static bool IsImpersonal(ReadOnlySpan<byte> line)
    {
        Span<char> word = stackalloc char[MaxWordLength];
        var words = 0;
        var length = 0;
        var tooLong = false;
        var asks = false;
        for (var i = 0; i <= line.Length; i++)
        {
            var b = i < line.Length ? line[i] : (byte)' ';
            if (IsWordByte(b))
            {
                if (length < MaxWordLength)
                {
                    word[length] = (char)(b | 0x20);
                }
                else
                {
                    tooLong = true;
                }

                length++;
                continue;
            }

            if (length > 0)
            {
                words++;
                if (!tooLong && (RefersToSomeone(word[..length]) || (words == 1 && OpensEmail(word[..length]))))
                {
                    return false;
                }

                asks |= words == 1 && !tooLong && IsQuestionWord(word[..length]);
            }

            length = 0;
            tooLong = false;
        }

        // "What a week it has been!" closes many a letter; a question word only opens a task when the line asks.
        return words is >= MinWords and <= MaxWords && (!asks || line.TrimEnd(" \"'"u8).EndsWith("?"u8));
    }

    // Letters and the apostrophe of "you're"; digits and non-ASCII end a word (they are never in the list below).
    private static bool IsWordByte(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || b == (byte)'\'';

    private static bool IsQuestionWord(ReadOnlySpan<char> word) =>
        word is "what" or "what's" or "whats" or "who" or "whom" or "whose" or "which" or "where" or "when" or "why" or "how" or "are" or "can" or "does";

    private static bool OpensEmail(ReadOnlySpan<char> word) =>
        word is "hi" or "hello" or "dear" or "hey" or "greetings" or "subject" or "email" or "from" or "sent" or "date" or "received" or "to";

    private static bool RefersToSomeone(ReadOnlySpan<char> word) => word switch
    {
        "i" or "i'm" or "i've" or "i'd" or "i'll" or "me" or "my" or "mine" or "myself" => true,
        "we" or "we're" or "we've" or "we'd" or "we'll" or "us" or "our" or "ours" or "ourselves" or "let's" => true,
        "you" or "you're" or "you've" or "you'd" or "you'll" or "your" or "yours" or "yourself" => true,
        "this" or "these" or "those" or "above" or "below" or "following" or "attached" or "enclosed" or "here" => true,
        "email" or "emails" or "e-mail" or "mail" or "message" or "messages" or "sender" or "recipient" or "thread" => true,
        "document" or "text" or "passage" or "article" or "content" or "page" or "reply" or "response" or "answer" => true,
        "summary" or "summarize" or "summarise" => true,
        _ => false,
    };
}
