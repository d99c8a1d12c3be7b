namespace AiSpm.Admin.Api;

/// <summary>Collects every problem with a request (not just the first), keyed by the field's JSON path.</summary>
internal sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public int Count => _errors.Count;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            list = [];
            _errors[field] = list;
        }

        list.Add(message);
    }

    public IResult ToProblem(string title = "The request is invalid.")
    {
        var dict = new Dictionary<string, string[]>(_errors.Count, StringComparer.Ordinal);
        foreach (var (k, v) in _errors)
        {
            dict[k] = [.. v];
        }

        return TypedResults.ValidationProblem(dict, title: title);
    }

    public static IResult Single(string field, string message)
    {
        var e = new RequestErrors();
        e.Add(field, message);
        return e.ToProblem();
    }
}
