namespace AiSpm.Admin.Api;

/// <summary>Collects every problem with a request (not just the first), keyed by the field's JSON path.</summary>
internal sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private string? _first;

    public bool Any => _errors.Count > 0;

    public int Count => _errors.Count;

    /// <summary>The first field that was reported and its first message.</summary>
    public (string Field, string Message) First => _first is { } f ? (f, _errors[f][0]) : throw new InvalidOperationException("no errors were reported");

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
            _first ??= field;
        }

        list.Add(message);
    }

    public IResult ToProblem(string title = "The request is invalid.", int statusCode = StatusCodes.Status400BadRequest)
    {
        var dict = new Dictionary<string, string[]>(_errors.Count, StringComparer.Ordinal);
        foreach (var (k, v) in _errors)
        {
            dict[k] = [.. v];
        }

        return statusCode == StatusCodes.Status400BadRequest
            ? TypedResults.ValidationProblem(dict, title: title)
            : TypedResults.Problem(new HttpValidationProblemDetails(dict) { Status = statusCode, Title = title });
    }

    public static IResult Single(string field, string message, int statusCode = StatusCodes.Status400BadRequest)
    {
        var e = new RequestErrors();
        e.Add(field, message);
        return e.ToProblem(statusCode == StatusCodes.Status400BadRequest ? "The request is invalid." : "The request was refused.", statusCode);
    }
}
