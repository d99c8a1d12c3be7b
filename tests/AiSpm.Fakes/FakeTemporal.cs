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
/// calls on connect, <c>ListWorkflowExecutions</c> paged by <c>next_page_token</c>, <c>GetWorkflowExecutionHistory</c>),
/// with the request and response messages of the Temporalio package, so the real client talks to it as to a server.
/// No Temporal server can run here: the SDK's test server is downloaded at run time.
/// </summary>
public sealed class FakeTemporal : IAsyncDisposable
{
    public const string Service = "temporal.api.workflowservice.v1.WorkflowService";

    private WebApplication? _app;

    private FakeTemporal(string ns, IReadOnlyList<FakeWorkflowRun> runs)
    {
        Namespace = ns;
        Runs = runs;
    }

    public string Namespace { get; }

    public IReadOnlyList<FakeWorkflowRun> Runs { get; }

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

        var offset = request.NextPageToken.IsEmpty ? 0 : int.Parse(request.NextPageToken.ToStringUtf8(), System.Globalization.CultureInfo.InvariantCulture);
        var size = Math.Min(MaxPageSize, request.PageSize > 0 ? request.PageSize : MaxPageSize);
        var response = new ListWorkflowExecutionsResponse();
        for (var i = offset; i < Runs.Count && i < offset + size; i++)
        {
            response.Executions.Add(Info(Runs[i]));
        }

        var next = offset + size;
        if (LoopPageToken)
        {
            response.NextPageToken = ByteString.CopyFromUtf8("0");
        }
        else if (next < Runs.Count)
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

        FakeWorkflowRun? run = null;
        foreach (var r in Runs)
        {
            if (r.WorkflowId == request.Execution?.WorkflowId && (string.IsNullOrEmpty(request.Execution.RunId) || r.RunId == request.Execution.RunId))
            {
                run = r;
            }
        }

        if (run is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, "workflow execution not found"));
        }

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

        return Task.FromResult(new GetWorkflowExecutionHistoryResponse { History = history });
    }

    private static WorkflowExecutionInfo Info(FakeWorkflowRun run) => new()
    {
        Execution = new WorkflowExecution { WorkflowId = run.WorkflowId, RunId = run.RunId },
        Type = new WorkflowType { Name = run.Type },
        StartTime = Timestamp.FromDateTimeOffset(run.Started),
        Status = run.Status,
        TaskQueue = run.TaskQueue,
        HistoryLength = 1 + run.Activities.Count,
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
