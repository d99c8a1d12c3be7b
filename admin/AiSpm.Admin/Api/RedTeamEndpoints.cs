using System.Security.Claims;
using AiSpm.Admin.Auth;
using AiSpm.Admin.RedTeam;
using AiSpm.Admin.Storage.RedTeam;
using AiSpm.Detection;
using AiSpm.Detection.Evaluation;
using AiSpm.Detection.Rules;

namespace AiSpm.Admin.Api;

/// <summary>Red team as a service: run a labelled corpus (analyst), list, read and compare runs (viewer).</summary>
internal static class RedTeamEndpoints
{
    public static void MapRedTeam(this RouteGroupBuilder api)
    {
        api.MapPost("/redteam/run", RunAsync)
            .RequireAuthorization(Roles.CanWrite)
            .Accepts<RedTeamRunRequest>("application/json")
            .Produces<RedTeamRun>()
            .ProducesValidationProblem()
            .ProducesProblem(409)
            .WithSummary("Run a labelled corpus through the in-process detector stack or a live gateway; store and return the figures.")
            .WithDescription("Synchronous: at most redteam:maxRows rows (1000) and redteam:maxRunSeconds (120); rows not judged "
                + "in time count as errors. A bad JSONL line is a 400 naming the line and the field.");
        api.MapGet("/redteam/runs", ListAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<RedTeamRunsResponse>()
            .ProducesValidationProblem()
            .WithSummary("Red-team runs, newest first, without row results.");
        api.MapGet("/redteam/runs/{id}", GetAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<RedTeamRun>()
            .ProducesProblem(404)
            .WithSummary("One run with each row's result.");
        api.MapGet("/redteam/runs/{id}/compare/{otherId}", CompareAsync)
            .RequireAuthorization(Roles.CanRead)
            .Produces<RunComparison>()
            .ProducesProblem(404)
            .WithSummary("A run against an earlier one: per-category rates then and now, and the rows whose outcome changed.");
    }

    private static async Task<IResult> RunAsync(HttpContext context, RedTeamService service, Hosting.AdminSettings admin, CancellationToken ct)
    {
        var (request, error) = await JsonBody.ReadAsync(context.Request, RedTeamApiJsonContext.Default.RedTeamRunRequest, admin.MaxBodyBytes, ct);
        if (error is not null)
        {
            return error;
        }

        var errors = new RequestErrors();
        var plan = Validate(request!, service, context.User, errors);
        if (errors.Any)
        {
            return errors.ToProblem("The red-team run is invalid; nothing ran.");
        }

        Inspector inspector;
        try
        {
            inspector = service.LoadInspector();
        }
        catch (Exception ex) when (ex is RulePackException or InvalidOperationException)
        {
            return TypedResults.Problem(statusCode: 409, title: "The detector stack could not be loaded.", detail: ex.Message);
        }

        using (inspector)
        {
            return TypedResults.Ok(await service.RunAsync(plan!, inspector, ct));
        }
    }

    internal static RedTeamPlan? Validate(RedTeamRunRequest request, RedTeamService service, ClaimsPrincipal? user, RequestErrors errors)
    {
        var settings = service.Settings;
        if (request.Mode is not ("inprocess" or "gateway"))
        {
            errors.Add("mode", "required: inprocess or gateway");
        }

        List<CorpusRow>? rows = null;
        string corpus = "upload";
        if ((request.Corpus is null) == (request.Jsonl is null))
        {
            errors.Add("corpus", "give exactly one of corpus (a name under config/redteam) and jsonl");
        }
        else if (request.Corpus is { } name)
        {
            corpus = name;
            try
            {
                rows = service.ReadNamedCorpus(name);
                if (rows is null)
                {
                    errors.Add("corpus", "no corpus named '" + name + "' (NAME.jsonl under config/redteam)");
                }
            }
            catch (CorpusFormatException ex)
            {
                errors.Add("corpus", "the shipped corpus is invalid: " + ex.Message);
            }
        }
        else
        {
            try
            {
                rows = CorpusReader.Parse(new StringReader(request.Jsonl!), settings.MaxRows);
            }
            catch (CorpusFormatException ex)
            {
                errors.Add("jsonl", ex.Message);
            }
        }

        if (rows is { Count: 0 })
        {
            errors.Add(request.Jsonl is null ? "corpus" : "jsonl", "no rows");
        }

        GatewayTargetOptions? gateway = null;
        if (request.Mode == "gateway")
        {
            gateway = ValidateGateway(request.Gateway, settings, errors);
        }
        else if (request.Gateway is not null)
        {
            errors.Add("gateway", "only for mode gateway");
        }

        return errors.Any ? null : new RedTeamPlan(corpus, rows!, gateway, user?.Identity?.Name);
    }

    private static GatewayTargetOptions? ValidateGateway(RedTeamGatewayRequest? g, RedTeamSettings settings, RequestErrors errors)
    {
        if (g is null)
        {
            errors.Add("gateway", "required for mode gateway");
            return null;
        }

        Uri? baseUrl = null;
        if (g.BaseUrl is null || !Uri.TryCreate(g.BaseUrl, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            errors.Add("gateway.baseUrl", "required: the gateway's http(s) base URL");
        }
        else if (!settings.AllowsGateway(baseUrl))
        {
            errors.Add("gateway.baseUrl", "not a loopback address and not listed in redteam:gatewayUrls");
        }

        if (g.Model is { Length: > 256 })
        {
            errors.Add("gateway.model", "at most 256 characters");
        }

        if (g.ResponseRows is not (null or "skip" or "mock"))
        {
            errors.Add("gateway.responseRows", "skip or mock");
        }

        if (g.Concurrency is { } c && (c < 1 || c > settings.MaxConcurrency))
        {
            errors.Add("gateway.concurrency", "between 1 and " + settings.MaxConcurrency);
        }

        if (g.TimeoutMs is { } t && (t < 100 || t > 120_000))
        {
            errors.Add("gateway.timeoutMs", "between 100 and 120000");
        }

        if (errors.Any || baseUrl is null)
        {
            return null;
        }

        var path = baseUrl.AbsolutePath.EndsWith('/') ? baseUrl : new Uri(baseUrl + "/");
        return new GatewayTargetOptions
        {
            BaseUrl = path,
            Token = g.Token,
            Model = g.Model ?? "aispm-redteam",
            ResponseRows = g.ResponseRows ?? "skip",
            Concurrency = g.Concurrency ?? 4,
            Timeout = TimeSpan.FromMilliseconds(g.TimeoutMs ?? 10_000),
        };
    }

    private static async Task<IResult> ListAsync(HttpContext context, IRedTeamStore store, CancellationToken ct)
    {
        var errors = new RequestErrors();
        var q = new QueryParams(context.Request.Query, errors);
        q.AllowOnly("limit");
        var limit = q.Int("limit", 50, 1, 500);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(new RedTeamRunsResponse(await store.ListAsync(limit, ct)));
    }

    private static async Task<IResult> GetAsync(string id, IRedTeamStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } run ? TypedResults.Ok(run) : NotFound(id);

    private static async Task<IResult> CompareAsync(string id, string otherId, IRedTeamStore store, CancellationToken ct)
    {
        var run = await store.GetAsync(id, ct);
        if (run is null)
        {
            return NotFound(id);
        }

        var baseline = await store.GetAsync(otherId, ct);
        return baseline is null ? NotFound(otherId) : TypedResults.Ok(RunComparison.Of(run, baseline));
    }

    private static IResult NotFound(string id) =>
        TypedResults.Problem(statusCode: 404, title: "No such run.", detail: "no red-team run has id '" + (id.Length > 64 ? id[..64] : id) + "'");
}
