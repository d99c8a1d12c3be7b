using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Workflow.V1;
using Temporalio.Api.WorkflowService.V1;

namespace AiSpm.Fakes;

/// <summary>One execution the fake frontend holds: its workflow type, task queue, status and the activities it scheduled
/// (type name and JSON input).</summary>
public sealed record FakeWorkflowRun(
    string WorkflowId, string RunId, string Type, string TaskQueue, WorkflowExecutionStatus Status, DateTimeOffset Started,
    IReadOnlyList<(string Activity, string InputJson)> Activities);

/// <summary>
/// A FAKE Temporal frontend for tests (Kestrel, HTTP/2 without TLS, on 127.0.0.1:0): the gRPC methods of
/// <c>temporal.api.workflowservice.v1.WorkflowService</c> that discovery uses (<c>GetSystemInfo</c>, which the client
/// calls on connect, <c>ListWorkflowExecutions</c> paged by <c>next_page_token</c>, <c>GetWorkflowExecutionHistory</c>)
/// and those the Guardian's quarantine uses (<c>TerminateWorkflowExecution</c>, <c>ResetWorkflowExecution</c>),
/// with the request and response messages of the Temporalio package, so the real client talks to it as to a server.
/// No Temporal server can run here: the SDK's test server is downloaded at run time.
/// </summary>
public sealed class FakeTemporal : IAsyncDisposable
{
    public const string Service = "temporal.api.workflowservice.v1.WorkflowService";

    private WebApplication? _app;

    private readonly List<FakeWorkflowRun> _runs;

    private FakeTemporal(string ns, IReadOnlyList<FakeWorkflowRun> runs)
    {
        Namespace = ns;
        _runs = [.. runs];
    }

    public string Namespace { get; }

    /// <summary>The executions as they stand: termination changes a run's status, a reset adds a running one.</summary>
    public IReadOnlyList<FakeWorkflowRun> Runs
    {
        get
        {
            lock (_runs)
            {
                return [.. _runs];
            }
        }
    }

    /// <summary>Each termination and reset: the request as the frontend received it.</summary>
    public ConcurrentQueue<IMessage> Writes { get; } = new();

    /// <summary>The frontend's <c>host:port</c>, as a Temporal client takes it.</summary>
    public string Address { get; private set; } = "";

    /// <summary>Each call: the method and the request's namespace and query.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>Server-side page size of the listing (the smaller of this and the request's).</summary>
    public int MaxPageSize { get; set; } = 100;

    /// <summary>The next N listing calls answer RESOURCE_EXHAUSTED, as a throttled frontend does.</summary>
    public int ThrottleListCalls { get; set; }

    /// <summary>History reads answer PERMISSION_DENIED (a role that may list but not read histories).</summary>
    public bool DenyHistory { get; set; }

    /// <summary>The listing answers the same page token forever.</summary>
    public bool LoopPageToken { get; set; }

    /// <summary>The listing answers bytes that are not a protobuf message.</summary>
    public bool MalformedList { get; set; }

    /// <summary>When set, each call must carry <c>authorization: Bearer KEY</c>, as Temporal Cloud's API keys do.</summary>
    public string? RequiredApiKey { get; set; }

    public static async Task<FakeTemporal> StartAsync(string ns, IReadOnlyList<FakeWorkflowRun> runs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        var fake = new FakeTemporal(ns, runs);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(fake);
        builder.Services.AddSingleton<Frontend>();
        builder.Services.AddSingleton<IServiceMethodProvider<Frontend>, Methods>();
        var app = builder.Build();
        fake._app = app;
        app.MapGrpcService<Frontend>();
        await app.StartAsync().ConfigureAwait(false);
        var url = new Uri(app.Urls.First());
        fake.Address = "127.0.0.1:" + url.Port;
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A JSON payload as the default data converter writes it.</summary>
    public static Payload JsonPayload(string json) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFromUtf8(json),
    };

    private void Authorize(ServerCallContext context, string ns)
    {
        if (RequiredApiKey is not null && context.RequestHeaders.GetValue("authorization") != "Bearer " + RequiredApiKey)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing or wrong API key"));
        }

        if (ns != Namespace)
        {
            throw new RpcException(new Status(StatusCode.NotFound, "Namespace " + ns + " is not found."));
        }
    }

    private Task<GetSystemInfoResponse> GetSystemInfo(GetSystemInfoRequest request, ServerCallContext context)
    {
        Calls.Enqueue("GetSystemInfo");
        return Task.FromResult(new GetSystemInfoResponse
        {
            ServerVersion = "1.29.0-fake",
            Capabilities = new() { SignalAndQueryHeader = true, InternalErrorDifferentiation = true, ActivityFailureIncludeHeartbeat = true, SupportsSchedules = true, EncodedFailureAttributes = true, UpsertMemo = true, EagerWorkflowStart = true, SdkMetadata = true, CountGroupByExecutionStatus = true },
        });
    }

    private Task<ListWorkflowExecutionsResponse> ListWorkflowExecutions(ListWorkflowExecutionsRequest request, ServerCallContext context)
    {
        Calls.Enqueue("ListWorkflowExecutions " + request.Namespace + " " + request.Query);
        Authorize(context, request.Namespace);
        if (ThrottleListCalls > 0)
        {
            ThrottleListCalls--;
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "namespace rate limit exceeded"));
        }

        var runs = Matching(Runs, request.Query);
        var offset = request.NextPageToken.IsEmpty ? 0 : int.Parse(request.NextPageToken.ToStringUtf8(), System.Globalization.CultureInfo.InvariantCulture);
        var size = Math.Min(MaxPageSize, request.PageSize > 0 ? request.PageSize : MaxPageSize);
        var response = new ListWorkflowExecutionsResponse();
        for (var i = offset; i < runs.Count && i < offset + size; i++)
        {
            response.Executions.Add(Info(runs[i]));
        }

        var next = offset + size;
        if (LoopPageToken)
        {
            response.NextPageToken = ByteString.CopyFromUtf8("0");
        }
        else if (next < runs.Count)
        {
            response.NextPageToken = ByteString.CopyFromUtf8(next.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return Task.FromResult(response);
    }

    private Task<GetWorkflowExecutionHistoryResponse> GetWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest request, ServerCallContext context)
    {
        Calls.Enqueue("GetWorkflowExecutionHistory " + request.Namespace + " " + request.Execution?.WorkflowId);
        Authorize(context, request.Namespace);
        if (DenyHistory)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Request unauthorized."));
        }

        var run = Find(request.Execution) ?? throw new RpcException(new Status(StatusCode.NotFound, "workflow execution not found"));

        var history = new History();
        var id = 1L;
        history.Events.Add(new HistoryEvent
        {
            EventId = id++,
            EventTime = Timestamp.FromDateTimeOffset(run.Started),
            EventType = EventType.WorkflowExecutionStarted,
            WorkflowExecutionStartedEventAttributes = new()
            {
                WorkflowType = new WorkflowType { Name = run.Type },
                TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = run.TaskQueue },
                Input = new Payloads { Payloads_ = { JsonPayload("{\"rfp\":\"redacted\"}") } },
            },
        });
        foreach (var (activity, input) in run.Activities)
        {
            history.Events.Add(new HistoryEvent
            {
                EventId = id++,
                EventTime = Timestamp.FromDateTimeOffset(run.Started.AddSeconds(id)),
                EventType = EventType.ActivityTaskScheduled,
                ActivityTaskScheduledEventAttributes = new()
                {
                    ActivityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ActivityType = new ActivityType { Name = activity },
                    TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = run.TaskQueue },
                    Input = new Payloads { Payloads_ = { JsonPayload(input) } },
                },
            });
        }

        // The workflow task that scheduled those activities completed: the point a reset returns to.
        foreach (var type in (EventType[])[EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted])
        {
            history.Events.Add(new HistoryEvent { EventId = id++, EventTime = Timestamp.FromDateTimeOffset(run.Started.AddSeconds(id)), EventType = type });
        }

        if (run.Status == WorkflowExecutionStatus.Terminated)
        {
            history.Events.Add(new HistoryEvent { EventId = id, EventTime = Timestamp.FromDateTimeOffset(run.Started.AddSeconds(id)), EventType = EventType.WorkflowExecutionTerminated });
        }

        return Task.FromResult(new GetWorkflowExecutionHistoryResponse { History = history });
    }

    /// <summary>
    /// The visibility query's two clauses the Guardian sends (<c>WorkflowType = 'T'</c>, <c>ExecutionStatus = 'Running'</c>,
    /// joined by AND); any other query lists everything, as the discovery tests expect.
    /// </summary>
    private static List<FakeWorkflowRun> Matching(IReadOnlyList<FakeWorkflowRun> runs, string query)
    {
        var type = System.Text.RegularExpressions.Regex.Match(query, @"WorkflowType\s*=\s*'((?:[^'\\]|\\.)*)'");
        var running = query.Contains("ExecutionStatus = 'Running'", StringComparison.Ordinal);
        var matching = new List<FakeWorkflowRun>(runs.Count);
        foreach (var r in runs)
        {
            if ((!type.Success || r.Type == type.Groups[1].Value.Replace("\\'", "'", StringComparison.Ordinal)) && (!running || r.Status == WorkflowExecutionStatus.Running))
            {
                matching.Add(r);
            }
        }

        return matching;
    }

    /// <summary>The reset point a run's history offers: the id of its <c>WorkflowTaskCompleted</c> event.</summary>
    public static long CompletedWorkflowTaskEventId(FakeWorkflowRun run) => 2 + run.Activities.Count + 2;

    private FakeWorkflowRun? Find(WorkflowExecution? execution)
    {
        FakeWorkflowRun? run = null;
        lock (_runs)
        {
            foreach (var r in _runs)
            {
                if (r.WorkflowId == execution?.WorkflowId && (string.IsNullOrEmpty(execution.RunId) || r.RunId == execution.RunId))
                {
                    run = r;
                }
            }
        }

        return run;
    }

    private Task<TerminateWorkflowExecutionResponse> TerminateWorkflowExecution(TerminateWorkflowExecutionRequest request, ServerCallContext context)
    {
        Calls.Enqueue("TerminateWorkflowExecution " + request.Namespace + " " + request.WorkflowExecution?.WorkflowId);
        Authorize(context, request.Namespace);
        Writes.Enqueue(request);
        var run = Find(request.WorkflowExecution) ?? throw new RpcException(new Status(StatusCode.NotFound, "workflow execution not found"));
        if (run.Status != WorkflowExecutionStatus.Running)
        {
            throw new RpcException(new Status(StatusCode.NotFound, "workflow execution already completed"));
        }

        Replace(run, run with { Status = WorkflowExecutionStatus.Terminated });
        return Task.FromResult(new TerminateWorkflowExecutionResponse());
    }

    private Task<ResetWorkflowExecutionResponse> ResetWorkflowExecution(ResetWorkflowExecutionRequest request, ServerCallContext context)
    {
        Calls.Enqueue("ResetWorkflowExecution " + request.Namespace + " " + request.WorkflowExecution?.WorkflowId);
        Authorize(context, request.Namespace);
        Writes.Enqueue(request);
        var run = Find(request.WorkflowExecution) ?? throw new RpcException(new Status(StatusCode.NotFound, "workflow execution not found"));
        if (request.WorkflowTaskFinishEventId != CompletedWorkflowTaskEventId(run))
        {
            // As the server does: a reset must name a workflow task's completion in the run's history.
            throw new RpcException(new Status(StatusCode.InvalidArgument, "invalid WorkflowTaskFinishEventId " + request.WorkflowTaskFinishEventId));
        }

        if (string.IsNullOrEmpty(request.RequestId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "RequestId is not set on request."));
        }

        var reset = run with { RunId = "reset-" + request.RequestId.GetHashCode(StringComparison.Ordinal).ToString("x8", System.Globalization.CultureInfo.InvariantCulture), Status = WorkflowExecutionStatus.Running };
        lock (_runs)
        {
            _runs.Add(reset);
        }

        return Task.FromResult(new ResetWorkflowExecutionResponse { RunId = reset.RunId });
    }

    private void Replace(FakeWorkflowRun old, FakeWorkflowRun next)
    {
        lock (_runs)
        {
            _runs[_runs.IndexOf(old)] = next;
        }
    }

    private static WorkflowExecutionInfo Info(FakeWorkflowRun run) => new()
    {
        Execution = new WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId },
        Type = new WorkflowType { Name = run.Type },
        StartTime = Timestamp.FromDateTimeOffset(run.Started),
        Status = run.Status,
        TaskQueue = run.TaskQueue,
        HistoryLength = 4 + run.Activities.Count + (run.Status == WorkflowExecutionStatus.Terminated ? 1 : 0),
    };

    /// <summary>The gRPC service instance; the methods are bound by <see cref="Methods"/> since the Temporalio package
    /// ships the messages, not a server base class.</summary>
    private sealed class Frontend(FakeTemporal fake)
    {
        public FakeTemporal Fake { get; } = fake;
    }

    private sealed class Methods(FakeTemporal fake) : IServiceMethodProvider<Frontend>
    {
        public void OnServiceMethodDiscovery(ServiceMethodProviderContext<Frontend> context)
        {
            context.AddUnaryMethod(Unary<GetSystemInfoRequest, GetSystemInfoResponse>("GetSystemInfo", GetSystemInfoRequest.Parser, () => false), [],
                (s, r, c) => s.Fake.GetSystemInfo(r, c));
            context.AddUnaryMethod(Unary<ListWorkflowExecutionsRequest, ListWorkflowExecutionsResponse>("ListWorkflowExecutions", ListWorkflowExecutionsRequest.Parser, () => fake.MalformedList), [],
                (s, r, c) => s.Fake.ListWorkflowExecutions(r, c));
            context.AddUnaryMethod(Unary<GetWorkflowExecutionHistoryRequest, GetWorkflowExecutionHistoryResponse>("GetWorkflowExecutionHistory", GetWorkflowExecutionHistoryRequest.Parser, () => false), [],
                (s, r, c) => s.Fake.GetWorkflowExecutionHistory(r, c));
            context.AddUnaryMethod(Unary<TerminateWorkflowExecutionRequest, TerminateWorkflowExecutionResponse>("TerminateWorkflowExecution", TerminateWorkflowExecutionRequest.Parser, () => false), [],
                (s, r, c) => s.Fake.TerminateWorkflowExecution(r, c));
            context.AddUnaryMethod(Unary<ResetWorkflowExecutionRequest, ResetWorkflowExecutionResponse>("ResetWorkflowExecution", ResetWorkflowExecutionRequest.Parser, () => false), [],
                (s, r, c) => s.Fake.ResetWorkflowExecution(r, c));
        }

        /// <summary>A unary method with protobuf marshalling; when <paramref name="corrupt"/> says so the answer is an HTML
        /// error page instead of the message, as a misrouted proxy would send.</summary>
        private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> parser, Func<bool> corrupt)
            where TRequest : class, IMessage<TRequest>
            where TResponse : class, IMessage<TResponse>, new() =>
            new(MethodType.Unary, Service, name,
                Marshallers.Create(static (TRequest r) => r.ToByteArray(), parser.ParseFrom),
                Marshallers.Create((TResponse r) => corrupt() ? Encoding.UTF8.GetBytes("<html>502 Bad Gateway</html>") : r.ToByteArray(), static _ => new TResponse()));
    }
}
