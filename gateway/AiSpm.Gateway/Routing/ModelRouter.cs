using AiSpm.Gateway.Configuration;

namespace AiSpm.Gateway.Routing;

/// <summary>
/// Maps a model name to its upstream: exact names first, then prefixes in configuration order, then '*'.
/// Lookups take the model as UTF-8 bytes so the common path allocates nothing.
/// </summary>
internal sealed class ModelRouter : IDisposable
{
    private readonly Dictionary<string, UpstreamTarget> _exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UpstreamTarget>.AlternateLookup<ReadOnlySpan<char>> _exactLookup;
    private readonly (string Prefix, UpstreamTarget Target)[] _prefixes;
    private readonly UpstreamTarget? _wildcard;
    private readonly Dictionary<string, UpstreamTarget> _upstreams;

    public ModelRouter(GatewayOptions options)
    {
        _upstreams = new Dictionary<string, UpstreamTarget>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, upstream) in options.Upstreams)
        {
            _upstreams[name] = new UpstreamTarget(name, upstream);
        }

        var prefixes = new List<(string, UpstreamTarget)>();
        var anonymous = new Dictionary<string, UpstreamTarget>(StringComparer.OrdinalIgnoreCase);
        foreach (var route in options.Routes)
        {
            var target = _upstreams[route.Upstream];
            if (route.AllowAnonymous)
            {
                if (!anonymous.TryGetValue(route.Upstream, out var allowing))
                {
                    anonymous[route.Upstream] = allowing = target.AllowingAnonymous();
                }

                target = allowing;
            }

            if (route.Model == "*")
            {
                _wildcard ??= target;
            }
            else if (route.Model.EndsWith('*'))
            {
                prefixes.Add((route.Model[..^1], target));
            }
            else
            {
                _exact.TryAdd(route.Model, target);
            }
        }

        _prefixes = [.. prefixes];
        _exactLookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The upstream for requests that name no model (GET /v1/models, other paths).</summary>
    public UpstreamTarget? Default => _wildcard ?? (_prefixes.Length > 0 ? _prefixes[0].Target : null) ?? FirstExact();

    public IEnumerable<string> ExactModels => _exact.Keys;

    public UpstreamTarget? Resolve(ReadOnlySpan<char> model)
    {
        if (_exactLookup.TryGetValue(model, out var exact))
        {
            return exact;
        }

        foreach (var (prefix, target) in _prefixes)
        {
            if (model.StartsWith(prefix, StringComparison.Ordinal))
            {
                return target;
            }
        }

        return _wildcard;
    }

    public void Dispose()
    {
        foreach (var upstream in _upstreams.Values)
        {
            upstream.Dispose();
        }
    }

    private UpstreamTarget? FirstExact()
    {
        foreach (var target in _exact.Values)
        {
            return target;
        }

        return null;
    }
}
