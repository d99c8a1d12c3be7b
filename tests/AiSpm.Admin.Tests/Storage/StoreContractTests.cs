using System.Text.Json;
using AiSpm.Admin.Correlation;
using AiSpm.Admin.Json;
using AiSpm.Admin.Storage;
using AiSpm.Admin.Tests.Support;
using AiSpm.Contracts;

namespace AiSpm.Admin.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="IAdminStore"/> must have. Each implementation runs this same suite through a
/// subclass that only says how to create (and re-open) a fresh store.
/// </summary>
public abstract class StoreContractTests : IAsyncLifetime
{
    private IAdminStore? _store;

    internal Correlator Correlator { get; } = new(new CorrelationOptions { EscalateAfter = 10 });

    internal IAdminStore Store => _store ?? throw new InvalidOperationException("not initialized");

    /// <summary>A new, empty store; calling it again with the same <paramref name="name"/> opens the same data.</summary>
    internal abstract IAdminStore CreateStore(string name);

    private readonly string _name = "t" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        _store = CreateStore(_name);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    /// <summary>Records holding arrays compare by reference; compare what they serialize to instead.</summary>
    private static void SameJson(FindingRecord expected, FindingRecord? actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, AdminJsonContext.Default.FindingRecord), JsonSerializer.Serialize(actual!, AdminJsonContext.Default.FindingRecord));

    private static void SameJson(GatewayPolicy expected, GatewayPolicy? actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, AdminJsonContext.Default.GatewayPolicy), JsonSerializer.Serialize(actual!, AdminJsonContext.Default.GatewayPolicy));

    private Task<IngestResult> Ingest(params DetectionEvent[] events) => Store.IngestAsync(events, CancellationToken.None);

    private async Task<List<DetectionEvent>> All(EventQuery q)
    {
        var all = new List<DetectionEvent>();
        string? cursor = null;
        do
        {
            var page = await Store.QueryEventsAsync(q with { Cursor = cursor }, CancellationToken.None);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    [Fact]
    public async Task RetentionRemovesExpiredEventsAndFindingsWithTheirEvidence()
    {
        // Default retention is 30 days for both: an event 40 days old (and the finding it makes) are past it.
        var old = Events.Make(1, key: "old-key", evidence: "old [REDACTED] evidence") with { Timestamp = Events.Base.AddDays(-40) };
        var recent = Events.Make(2, key: "new-key");
        await Ingest(old, recent);
        var oldFinding = Correlator.FindingIdFor(old);
        var recentFinding = Correlator.FindingIdFor(recent);

        await Store.PurgeExpiredAsync(CancellationToken.None);

        Assert.Equal([recent.EventId], (await All(new EventQuery())).Select(e => e.EventId));
        Assert.Null(await Store.GetFindingAsync(oldFinding, CancellationToken.None));
        Assert.NotNull(await Store.GetFindingAsync(recentFinding, CancellationToken.None));
        var findings = await Store.QueryFindingsAsync(new FindingQuery { Limit = 1000 }, CancellationToken.None);
        Assert.DoesNotContain(findings.Items, f => f.Id == oldFinding || f.Evidence.Contains("old [REDACTED] evidence"));
        Assert.Contains(findings.Items, f => f.Id == recentFinding);
    }

    [Fact]
    public async Task IngestStoresEventsAndQueryReturnsThemNewestFirst()
    {
        var r = await Ingest(Events.Make(1), Events.Make(3), Events.Make(2));
        Assert.Equal(new IngestResult(3, 3, 0), r with { StoredEvents = [] });
        Assert.Equal(3, r.StoredEvents.Count);

        var page = await Store.QueryEventsAsync(new EventQuery(), CancellationToken.None);
        Assert.Equal([3, 2, 1], page.Items.Select(e => (int)(e.Timestamp - Events.Base).TotalSeconds));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task StoredEventRoundTripsEveryField()
    {
        var e = Events.Make(5, tags: ["owasp-llm:LLM01", "mitre-atlas:AML.T0051"]) with
        {
            User = "u1",
            EndUser = "eu1",
            LiteLlmCallId = "call-1",
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            AmznTraceId = "Root=1-5759e988-bd862e3fe1be46a994272793",
        };
        await Ingest(e);
        var got = Assert.Single((await Store.QueryEventsAsync(new EventQuery(), CancellationToken.None)).Items);
        Assert.Equal(e with { Tags = [] }, got with { Tags = [] });
        Assert.Equal(e.Tags, got.Tags);
    }

    [Fact]
    public async Task IngestIsIdempotentByEventId()
    {
        var a = Events.Make(1);
        var b = Events.Make(2);
        await Ingest(a, b);
        var again = await Ingest(a, b, Events.Make(3));
        Assert.Equal(3, again.Received);
        Assert.Equal(1, again.Stored);
        Assert.Equal(2, again.Duplicates);

        Assert.Equal(3, (await All(new EventQuery())).Count);
        var finding = Assert.Single((await Store.QueryFindingsAsync(new FindingQuery(), CancellationToken.None)).Items);
        Assert.Equal(3, finding.Count);
    }

    [Fact]
    public async Task DuplicateIdsInsideOneBatchAreStoredOnce()
    {
        var a = Events.Make(1);
        var r = await Ingest(a, a, a);
        Assert.Equal(1, r.Stored);
        Assert.Equal(2, r.Duplicates);
        Assert.Single(await All(new EventQuery()));
    }

    [Fact]
    public async Task ConcurrentOverlappingIngestsStoreEachEventOnce()
    {
        var events = Enumerable.Range(0, 40).Select(i => Events.Make(i)).ToArray();
        var tasks = Enumerable.Range(0, 4).Select(_ => Task.Run(() => Store.IngestAsync(events, CancellationToken.None))).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.Equal(40, results.Sum(r => r.Stored));
        Assert.Equal(40, (await All(new EventQuery())).Count);
        var finding = Assert.Single((await Store.QueryFindingsAsync(new FindingQuery(), CancellationToken.None)).Items);
        Assert.Equal(40, finding.Count);
    }

    [Fact]
    public async Task EveryFilterSelectsExactlyTheMatchingEvents()
    {
        await Ingest(
            Events.Make(1, category: "pii", severity: "medium", action: "redacted", key: "bob", team: "blue", model: "claude-3", rule: "pii.email"),
            Events.Make(2, category: "jailbreak", severity: "high", action: "blocked", key: "alice", team: "red", model: "gpt-4o", rule: "jb.dan"),
            Events.Make(3, category: "jailbreak", severity: "critical", action: "flagged", key: "carol", team: "red", model: "gpt-4o-mini", rule: "jb.dev"),
            Events.Make(4, category: "secret", severity: "critical", action: "blocked", key: null, team: null, model: null, rule: "secret.aws"));

        async Task<int[]> Seconds(EventQuery q) =>
            [.. (await All(q)).Select(e => (int)(e.Timestamp - Events.Base).TotalSeconds)];

        Assert.Equal(new[] { 3, 2 }, await Seconds(new EventQuery { Category = "jailbreak" }));
        Assert.Equal(new[] { 4, 3 }, await Seconds(new EventQuery { Severity = "critical" }));
        Assert.Equal(new[] { 4, 2 }, await Seconds(new EventQuery { Action = "blocked" }));
        Assert.Equal(new[] { 2 }, await Seconds(new EventQuery { Model = "gpt-4o" }));
        Assert.Equal(new[] { 1 }, await Seconds(new EventQuery { Key = "bob" }));
        Assert.Equal(new[] { 3, 2 }, await Seconds(new EventQuery { Team = "red" }));
        Assert.Equal(new[] { 4 }, await Seconds(new EventQuery { Rule = "secret.aws" }));
        Assert.Equal(new[] { 3 }, await Seconds(new EventQuery { Team = "red", Severity = "critical" }));
        Assert.Equal(new[] { 3, 2 }, await Seconds(new EventQuery { From = Events.Base.AddSeconds(2), To = Events.Base.AddSeconds(4) }));
        Assert.Equal(new[] { 2 }, await Seconds(new EventQuery { Category = "jailbreak", To = Events.Base.AddSeconds(3) }));
        Assert.Empty(await Seconds(new EventQuery { Key = "nobody" }));
    }

    [Fact]
    public async Task CursorPagingReturnsEveryEventOnceInOrder()
    {
        var events = Enumerable.Range(0, 23).Select(i => Events.Make(i, key: i % 2 == 0 ? "even" : "odd")).ToArray();
        await Ingest(events);

        foreach (var q in new[] { new EventQuery { Limit = 5 }, new EventQuery { Limit = 4, Key = "even" }, new EventQuery { Limit = 3, Severity = "high" } })
        {
            var pages = 0;
            var seen = new List<DetectionEvent>();
            string? cursor = null;
            do
            {
                var page = await Store.QueryEventsAsync(q with { Cursor = cursor }, CancellationToken.None);
                Assert.True(page.Items.Count <= q.Limit);
                seen.AddRange(page.Items);
                cursor = page.NextCursor;
                pages++;
            }
            while (cursor is not null);

            var expected = events.Where(e => q.Key is null || e.KeyAlias == q.Key).OrderByDescending(e => e.Timestamp).Select(e => e.EventId).ToArray();
            Assert.Equal(expected, seen.Select(e => e.EventId).ToArray());
            Assert.Equal((expected.Length + q.Limit - 1) / q.Limit, pages);
        }
    }

    [Fact]
    public async Task RepeatedJailbreaksFromOneKeyRollUpIntoOneFinding()
    {
        await Ingest(
            Events.Make(10, severity: "medium", rule: "jb.dan", evidence: "e10", tags: ["owasp-llm:LLM01"]),
            Events.Make(11, severity: "high", rule: "jb.dev", evidence: "e11", tags: ["mitre-atlas:AML.T0054"]));
        await Ingest(Events.Make(5, severity: "low", evidence: "e5"), Events.Make(12, severity: "medium", evidence: "e12"), Events.Make(13, evidence: "e13"));

        var f = Assert.Single((await Store.QueryFindingsAsync(new FindingQuery(), CancellationToken.None)).Items);
        Assert.Equal("jailbreak_activity", f.Type);
        Assert.Equal("key:alice", f.Principal);
        Assert.Equal(5, f.Count);
        Assert.Equal(Events.Base.AddSeconds(5), f.FirstSeen);
        Assert.Equal(Events.Base.AddSeconds(13), f.LastSeen);
        Assert.Equal("high", f.Severity);
        Assert.Equal(FindingStatus.Open, f.Status);
        Assert.Equal(["jb.dan", "jb.dev"], f.RuleIds);
        Assert.Equal(["mitre-atlas:AML.T0054", "owasp-llm:LLM01"], f.Tags);
        Assert.Equal(5, f.Evidence.Length);
        Assert.False(string.IsNullOrEmpty(f.Remediation));
        SameJson(f, await Store.GetFindingAsync(f.Id, CancellationToken.None));
    }

    [Fact]
    public async Task DifferentPrincipalsAndCategoriesGiveSeparateFindings()
    {
        await Ingest(Events.Make(1, key: "alice"), Events.Make(2, key: "bob"), Events.Make(3, key: "alice", category: "pii", severity: "medium"));
        var findings = (await Store.QueryFindingsAsync(new FindingQuery(), CancellationToken.None)).Items;
        Assert.Equal(3, findings.Count);
        Assert.Equal(["jailbreak_activity|key:alice", "jailbreak_activity|key:bob", "sensitive_data_exposure|key:alice"],
            findings.Select(f => f.Type + "|" + f.Principal).Order().ToArray());
        Assert.Equal(["sensitive_data_exposure"], (await Store.QueryFindingsAsync(new FindingQuery { Severity = "medium" }, CancellationToken.None)).Items.Select(f => f.Type));
        Assert.Equal(2, (await Store.QueryFindingsAsync(new FindingQuery { Type = "jailbreak_activity" }, CancellationToken.None)).Items.Count);
    }

    [Fact]
    public async Task SeverityEscalatesOnceWhenCountReachesThreshold()
    {
        await Ingest([.. Enumerable.Range(0, 12).Select(i => Events.Make(i, severity: "medium"))]);
        var f = Assert.Single((await Store.QueryFindingsAsync(new FindingQuery(), CancellationToken.None)).Items);
        Assert.Equal(12, f.Count);
        Assert.Equal("high", f.Severity);
    }

    [Fact]
    public async Task FindingStatusChangesAreStoredWithWhoAndWhyAndFilterable()
    {
        await Ingest(Events.Make(1, key: "alice"), Events.Make(2, key: "bob"));
        var alice = (await Store.QueryFindingsAsync(new FindingQuery(), CancellationToken.None)).Items.Single(f => f.Principal == "key:alice");
        var at = Events.Base.AddMinutes(5);
        var updated = await Store.UpdateFindingStatusAsync(alice.Id, new FindingStatusChange("suppressed", "ana", "red-team exercise", at), CancellationToken.None);
        Assert.NotNull(updated);
        Assert.Equal("suppressed", updated.Status);
        Assert.Equal("ana", updated.StatusBy);
        Assert.Equal("red-team exercise", updated.StatusReason);
        Assert.Equal(at, updated.StatusAt);
        SameJson(updated, await Store.GetFindingAsync(alice.Id, CancellationToken.None));

        Assert.Equal(["key:alice"], (await Store.QueryFindingsAsync(new FindingQuery { Status = "suppressed" }, CancellationToken.None)).Items.Select(f => f.Principal));
        Assert.Equal(["key:bob"], (await Store.QueryFindingsAsync(new FindingQuery { Status = "open" }, CancellationToken.None)).Items.Select(f => f.Principal));

        // New activity keeps a suppressed finding suppressed but still counts it.
        await Ingest(Events.Make(3, key: "alice"));
        var after = await Store.GetFindingAsync(alice.Id, CancellationToken.None);
        Assert.Equal("suppressed", after!.Status);
        Assert.Equal(2, after.Count);
    }

    [Fact]
    public async Task ResolvedFindingReopensOnNewActivity()
    {
        await Ingest(Events.Make(1));
        var f = Assert.Single((await Store.QueryFindingsAsync(new FindingQuery(), CancellationToken.None)).Items);
        await Store.UpdateFindingStatusAsync(f.Id, new FindingStatusChange("resolved", "ana", "key rotated", Events.Base), CancellationToken.None);
        await Ingest(Events.Make(2));
        Assert.Equal("open", (await Store.GetFindingAsync(f.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task UnknownFindingIsNull()
    {
        Assert.Null(await Store.GetFindingAsync("f_nope", CancellationToken.None));
        Assert.Null(await Store.UpdateFindingStatusAsync("f_nope", new FindingStatusChange("resolved", "a", "b", Events.Base), CancellationToken.None));
    }

    [Fact]
    public async Task FindingsPageWithCursor()
    {
        await Ingest([.. Enumerable.Range(0, 7).Select(i => Events.Make(i, key: "k" + i))]);
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Store.QueryFindingsAsync(new FindingQuery { Limit = 3, Cursor = cursor }, CancellationToken.None);
            ids.AddRange(page.Items.Select(f => f.Principal));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => "key:k" + i), ids);
    }

    [Fact]
    public async Task InventoryCountsWhatEventsMention()
    {
        await Ingest(Events.Make(1, key: "alice", model: "gpt-4o"), Events.Make(5, key: "alice", model: "claude-3", team: "red"), Events.Make(3, key: "bob", model: "gpt-4o", team: null));
        var all = await Store.ListInventoryAsync(null, CancellationToken.None);
        var keys = all.Where(i => i.Kind == "key").ToArray();
        Assert.Equal(["alice", "bob"], keys.Select(k => k.Name));
        Assert.Equal(2, keys[0].EventCount);
        Assert.Equal(Events.Base.AddSeconds(1), keys[0].FirstSeen);
        Assert.Equal(Events.Base.AddSeconds(5), keys[0].LastSeen);
        Assert.Equal(["claude-3", "gpt-4o"], (await Store.ListInventoryAsync("model", CancellationToken.None)).Select(m => m.Name));
        Assert.Equal(3, all.Single(i => i.Kind == "gateway").EventCount);
        Assert.Equal(2, all.Single(i => i.Kind == "team").EventCount);
        // Duplicates do not count twice.
        await Ingest(Events.Make(1, key: "zed", id: "dup-1"), Events.Make(1, key: "zed", id: "dup-1"));
        Assert.Equal(1, (await Store.ListInventoryAsync("key", CancellationToken.None)).Single(k => k.Name == "zed").EventCount);
    }

    [Fact]
    public async Task PolicyVersionsBumpAndConflictsAreRefused()
    {
        Assert.Null(await Store.GetPolicyAsync(CancellationToken.None));
        var p1 = await Store.PutPolicyAsync(new GatewayPolicy { Mode = "monitor", ModeOverrides = [new ModeOverride { Model = "gpt-4o*", Mode = "enforce" }] }, null, CancellationToken.None);
        Assert.Equal("1", p1.Version);
        SameJson(p1, await Store.GetPolicyAsync(CancellationToken.None));
        Assert.Equal("enforce", (await Store.GetPolicyAsync(CancellationToken.None))!.ModeOverrides.Single().Mode);

        var p2 = await Store.PutPolicyAsync(p1 with { Mode = "enforce" }, 1, CancellationToken.None);
        Assert.Equal("2", p2.Version);
        var conflict = await Assert.ThrowsAsync<PolicyConflictException>(() => Store.PutPolicyAsync(p1 with { Mode = "monitor" }, 1, CancellationToken.None));
        Assert.Equal(2, conflict.CurrentVersion);
        Assert.Equal("enforce", (await Store.GetPolicyAsync(CancellationToken.None))!.Mode);
    }

    [Fact]
    public async Task DataSurvivesReopeningTheStore()
    {
        await Ingest(Events.Make(1), Events.Make(2));
        await Store.PutPolicyAsync(new GatewayPolicy { Mode = "enforce" }, null, CancellationToken.None);
        await using var reopened = CreateStore(_name);
        await reopened.InitializeAsync(CancellationToken.None);
        Assert.Equal(2, (await reopened.QueryEventsAsync(new EventQuery(), CancellationToken.None)).Items.Count);
        Assert.Equal("enforce", (await reopened.GetPolicyAsync(CancellationToken.None))!.Mode);
        Assert.Equal(0, (await reopened.IngestAsync([Events.Make(1) with { EventId = (await reopened.QueryEventsAsync(new EventQuery(), CancellationToken.None)).Items[1].EventId }], CancellationToken.None)).Stored);
    }
}
