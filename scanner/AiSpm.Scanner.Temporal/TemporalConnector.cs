using System.Text.Json.Nodes;
using AiSpm.Scanner.Connectors;
using AiSpm.Scanner.Mapping;
using Google.Protobuf;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace AiSpm.Scanner.Temporal;

/// <summary>
/// Reads one Temporal namespace through the official <c>Temporalio</c> client: every execution the visibility API
/// lists (<c>ListWorkflowExecutions</c>, paged), then the history of the most recent executions of each workflow type
/// (<c>GetWorkflowExecutionHistory</c>), whose scheduled activities say what the workflow orchestrates. Answers are
/// handed on in the JSON the Temporal CLI prints (protobuf's JSON mapping), so the offline export reads the same shape.
/// </summary>
public sealed class TemporalConnector(TemporalSettings settings, Func<string, string?>? environment = null) : IDiscoveryConnector
{
    // The client's own retry covers throttling (RESOURCE_EXHAUSTED) and unavailability with backoff and jitter; a scan
    // gives up sooner than a worker would.
    private static readonly RpcRetryOptions Retry = new()
    {
        InitialInterval = TimeSpan.FromMilliseconds(100),
        MaxInterval = TimeSpan.FromSeconds(2),
        MaxRetries = 5,
        MaxElapsedTime = TimeSpan.FromSeconds(30),
    };

    private readonly Func<string, string?> _env = environment ?? Environment.GetEnvironmentVariable;

    public string Name => settings.Name;

    public int Phase => 0;

    public async Task<ConnectorRun> CollectAsync(IReadOnlyList<ProviderAnswer> earlierAnswers, CancellationToken cancellationToken)
    {
        TemporalConnection connection;
        try
        {
            connection = await TemporalConnection.ConnectAsync(ConnectionOptions()).WaitAsync(settings.CallTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ConnectorRun([], [Failure("temporal:connect", e)], 0);
        }

        // The connection owns a native client; it has no Dispose and is released with its finalizer.
        var failures = new List<FailedCall>();
        var answers = new List<ProviderAnswer>();
        var succeeded = 0;
        var executions = await ListAsync(connection, failures, cancellationToken).ConfigureAwait(false);
        if (executions is null)
        {
            return new ConnectorRun(answers, failures, succeeded);
        }

        succeeded++;
        var list = new JsonArray();
        foreach (var e in executions)
        {
            list.Add(JsonNode.Parse(JsonFormatter.Default.Format(e)));
        }

        answers.Add(new ProviderAnswer("temporal", "list-workflow-executions", new JsonObject { ["executions"] = list },
            Origin: "temporal ListWorkflowExecutions", Scope: settings.Namespace));

        foreach (var run in Latest(executions, settings.HistoriesPerType))
        {
            var history = await HistoryAsync(connection, run, failures, cancellationToken).ConfigureAwait(false);
            if (history is not null)
            {
                succeeded++;
                answers.Add(new ProviderAnswer("temporal", "get-workflow-execution-history", history, Hint: run.Type.Name,
                    Origin: "temporal GetWorkflowExecutionHistory " + run.Execution.WorkflowId, Scope: settings.Namespace));
            }
        }

        return new ConnectorRun(answers, failures, succeeded);
    }

    private TemporalConnectionOptions ConnectionOptions()
    {
        var options = new TemporalConnectionOptions(settings.Address) { RpcRetry = Retry, Identity = "aispm-discovery" };
        var apiKey = settings.ApiKey(_env);
        if (apiKey is not null)
        {
            options.ApiKey = apiKey;
        }

        if (settings.Tls == false)
        {
            // The client turns TLS on by itself when an API key is set; a plain-text frontend (a local dev server)
            // must be said so explicitly.
            options.Tls = new TlsOptions { Disabled = true };
        }
        else if (settings.Tls == true || apiKey is not null || settings.ClientCertFile is not null)
        {
            options.Tls = new TlsOptions
            {
                ClientCert = settings.ClientCertFile is null ? null : File.ReadAllBytes(settings.ClientCertFile),
                ClientPrivateKey = settings.ClientKeyFile is null ? null : File.ReadAllBytes(settings.ClientKeyFile),
                ServerRootCACert = settings.ServerRootCaFile is null ? null : File.ReadAllBytes(settings.ServerRootCaFile),
            };
        }

        return options;
    }

    private RpcOptions Call(CancellationToken ct) => new() { Timeout = settings.CallTimeout, CancellationToken = ct, Retry = true };

    /// <summary>Every page of the listing; a page token seen before stops with <c>pagination_loop</c>, the cap with <c>truncated</c>.</summary>
    private async Task<List<Temporalio.Api.Workflow.V1.WorkflowExecutionInfo>?> ListAsync(TemporalConnection connection, List<FailedCall> failures, CancellationToken ct)
    {
        const string Operation = "temporal:ListWorkflowExecutions";
        var all = new List<Temporalio.Api.Workflow.V1.WorkflowExecutionInfo>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var token = ByteString.Empty;
        while (true)
        {
            ListWorkflowExecutionsResponse page;
            try
            {
                page = await connection.WorkflowService.ListWorkflowExecutionsAsync(
                    new ListWorkflowExecutionsRequest { Namespace = settings.Namespace, PageSize = settings.PageSize, Query = settings.Query, NextPageToken = token },
                    Call(ct)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failures.Add(Failure(Operation, e));
                // What earlier pages listed is kept: a partial listing is still the truth about those executions.
                return all.Count > 0 ? all : null;
            }

            foreach (var e in page.Executions)
            {
                if (all.Count == settings.MaxExecutions)
                {
                    failures.Add(new FailedCall(Operation, "truncated", "more than " + settings.MaxExecutions + " executions; raise maxExecutions or narrow the query"));
                    return all;
                }

                all.Add(e);
            }

            if (page.NextPageToken.IsEmpty)
            {
                return all;
            }

            if (!seen.Add(page.NextPageToken.ToBase64()))
            {
                failures.Add(new FailedCall(Operation, "pagination_loop", "the frontend answered the same page token twice"));
                return all;
            }

            token = page.NextPageToken;
        }
    }

    /// <summary>The start event and the scheduled activities of one execution, as the CLI's <c>workflow show -o json</c> prints them.</summary>
    private async Task<JsonObject?> HistoryAsync(TemporalConnection connection, Temporalio.Api.Workflow.V1.WorkflowExecutionInfo run, List<FailedCall> failures, CancellationToken ct)
    {
        const string Operation = "temporal:GetWorkflowExecutionHistory";
        var events = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var token = ByteString.Empty;
        var read = 0;
        while (read < settings.MaxHistoryEvents)
        {
            GetWorkflowExecutionHistoryResponse page;
            try
            {
                page = await connection.WorkflowService.GetWorkflowExecutionHistoryAsync(
                    new GetWorkflowExecutionHistoryRequest { Namespace = settings.Namespace, Execution = run.Execution, NextPageToken = token, MaximumPageSize = 1000 },
                    Call(ct)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failures.Add(Failure(Operation, e));
                return null;
            }

            foreach (var e in page.History?.Events ?? [])
            {
                read++;
                // Only what the mapping reads leaves the connector: activity inputs may carry customer data.
                if (e.EventType is EventType.WorkflowExecutionStarted or EventType.ActivityTaskScheduled)
                {
                    events.Add(JsonNode.Parse(JsonFormatter.Default.Format(Trim(e))));
                }
            }

            if (page.NextPageToken.IsEmpty)
            {
                break;
            }

            if (!seen.Add(page.NextPageToken.ToBase64()))
            {
                failures.Add(new FailedCall(Operation, "pagination_loop", "the frontend answered the same history page token twice"));
                break;
            }

            token = page.NextPageToken;
        }

        return new JsonObject { ["history"] = new JsonObject { ["events"] = events } };
    }

    private static HistoryEvent Trim(HistoryEvent e)
    {
        if (e.WorkflowExecutionStartedEventAttributes is { } started)
        {
            return new HistoryEvent
            {
                EventId = e.EventId,
                EventTime = e.EventTime,
                EventType = e.EventType,
                WorkflowExecutionStartedEventAttributes = new() { WorkflowType = started.WorkflowType, TaskQueue = started.TaskQueue },
            };
        }

        return e;
    }

    /// <summary>The most recent executions of each workflow type, newest first.</summary>
    private static List<Temporalio.Api.Workflow.V1.WorkflowExecutionInfo> Latest(List<Temporalio.Api.Workflow.V1.WorkflowExecutionInfo> executions, int perType)
    {
        var byType = new Dictionary<string, List<Temporalio.Api.Workflow.V1.WorkflowExecutionInfo>>(StringComparer.Ordinal);
        foreach (var e in executions)
        {
            var type = e.Type?.Name ?? "";
            if (!byType.TryGetValue(type, out var runs))
            {
                runs = [];
                byType[type] = runs;
            }

            runs.Add(e);
        }

        var chosen = new List<Temporalio.Api.Workflow.V1.WorkflowExecutionInfo>();
        var types = new List<string>(byType.Keys);
        types.Sort(StringComparer.Ordinal);
        foreach (var type in types)
        {
            var runs = byType[type];
            runs.Sort(static (a, b) => Nullable.Compare(b.StartTime?.ToDateTimeOffset(), a.StartTime?.ToDateTimeOffset()));
            for (var i = 0; i < runs.Count && i < perType; i++)
            {
                chosen.Add(runs[i]);
            }
        }

        return chosen;
    }

    private static FailedCall Failure(string operation, Exception e) => e switch
    {
        RpcException rpc => new FailedCall(operation, Code(rpc.Code), "gRPC " + rpc.Code + ": " + rpc.Message),
        InvalidProtocolBufferException => new FailedCall(operation, "malformed_answer", "the answer is not a valid protobuf message: " + e.Message),
        TimeoutException or OperationCanceledException => new FailedCall(operation, "timeout", "no answer in time"),
        _ => new FailedCall(operation, "unreachable", e.Message),
    };

    private static string Code(RpcException.StatusCode code) => code switch
    {
        RpcException.StatusCode.PermissionDenied or RpcException.StatusCode.Unauthenticated => "access_denied",
        RpcException.StatusCode.ResourceExhausted => "throttled",
        RpcException.StatusCode.DeadlineExceeded or RpcException.StatusCode.Cancelled => "timeout",
        RpcException.StatusCode.Unavailable => "unreachable",
        RpcException.StatusCode.NotFound => "not_found",
        RpcException.StatusCode.Internal or RpcException.StatusCode.Unknown or RpcException.StatusCode.DataLoss => "malformed_answer",
        _ => "rpc_error",
    };
}
