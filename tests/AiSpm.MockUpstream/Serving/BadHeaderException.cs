namespace AiSpm.MockUpstream.Serving;

/// <summary>A test asked for something the mock does not know; answered as a 400 so the mistake is visible.</summary>
internal sealed class BadHeaderException(string message) : Exception(message)
{
    public BadHeaderException()
        : this("bad x-mock header")
    {
    }

    public BadHeaderException(string message, Exception inner)
        : this(message + ": " + inner.Message)
    {
    }
}
