using AiSpm.Detection;

namespace AiSpm.Gateway.Enforcement;

/// <summary>
/// The compiled detector stack in force plus what the gateway precomputes per rule (framework tags), swapped as a
/// unit so a request never sees rules from one pack and tags from another. A request takes a <see cref="Lease"/> for
/// as long as it scans (a streamed response can last minutes), and a swapped-out stack's native databases are freed
/// when its last lease ends, never while a scan could still use them.
/// </summary>
internal sealed class InspectorHolder : IDisposable
{
    private Loaded _current;
    private int _disposed;

    public InspectorHolder(Inspector inspector) => _current = new Loaded(inspector);

    /// <summary>
    /// The stack in force, for reading its managed metadata (version, packs, rule count). Scanning needs
    /// <see cref="Acquire"/>: a stack read here may be swapped out and disposed at any moment.
    /// </summary>
    public Loaded Current => Volatile.Read(ref _current);

    /// <summary>Takes a reference on the stack in force; dispose the lease when the request stops scanning.</summary>
    public Lease Acquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if (current.TryAddRef())
            {
                return new Lease(current);
            }

            // Lost a race with Swap: that stack's last lease is gone; the new one is already published.
        }
    }

    /// <summary>Swaps in a new stack; the old one is disposed when the last request holding it finishes.</summary>
    public void Swap(Inspector inspector)
    {
        var old = Interlocked.Exchange(ref _current, new Loaded(inspector));
        old.Release();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Current.Release();
        }
    }

    /// <summary>A request's hold on one stack. A struct so taking one allocates nothing.</summary>
    internal readonly struct Lease(Loaded stack) : IDisposable
    {
        public Loaded Stack { get; } = stack;

        public void Dispose() => Stack?.Release();
    }

    internal sealed class Loaded
    {
        // Starts at 1 for the holder's own reference, dropped when the stack is swapped out.
        private int _references = 1;

        public Loaded(Inspector inspector)
        {
            Inspector = inspector;
            Tags = new string[inspector.Rules.Count][];
            for (var i = 0; i < Tags.Length; i++)
            {
                Tags[i] = BuildTags(inspector.Rules[i]);
            }
        }

        public Inspector Inspector { get; }

        /// <summary>True once the last reference is gone and the inspector disposed (for tests).</summary>
        public bool IsDisposed => Volatile.Read(ref _references) == 0;

        /// <summary>Framework tags per rule index, e.g. "owasp-llm:LLM01".</summary>
        public string[][] Tags { get; }

        internal bool TryAddRef()
        {
            var seen = Volatile.Read(ref _references);
            while (seen > 0)
            {
                var before = Interlocked.CompareExchange(ref _references, seen + 1, seen);
                if (before == seen)
                {
                    return true;
                }

                seen = before;
            }

            return false;
        }

        internal void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                Inspector.Dispose();
            }
        }

        private static string[] BuildTags(RuleInfo rule)
        {
            var tags = new List<string>();
            foreach (var t in rule.OwaspLlm)
            {
                tags.Add("owasp-llm:" + t);
            }

            foreach (var t in rule.OwaspAgentic)
            {
                tags.Add("owasp-agentic:" + t);
            }

            foreach (var t in rule.MitreAtlas)
            {
                tags.Add("mitre-atlas:" + t);
            }

            foreach (var t in rule.NistAiRmf)
            {
                tags.Add("nist-ai-rmf:" + t);
            }

            return [.. tags];
        }
    }
}
