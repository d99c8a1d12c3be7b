using AiSpm.Detection;

namespace AiSpm.Gateway.Enforcement;

/// <summary>
/// The compiled detector stack in force plus what the gateway precomputes per rule (framework tags), swapped as a
/// unit so a request never sees rules from one pack and tags from another.
/// </summary>
internal sealed class InspectorHolder : IDisposable
{
    private Loaded _current;

    public InspectorHolder(Inspector inspector) => _current = new Loaded(inspector);

    public Loaded Current => Volatile.Read(ref _current);

    /// <summary>Swaps in a new stack; the old one is disposed once in-flight scans could no longer use it.</summary>
    public void Swap(Inspector inspector)
    {
        var old = Interlocked.Exchange(ref _current, new Loaded(inspector));
        _ = Task.Delay(TimeSpan.FromMinutes(2)).ContinueWith(_ => old.Inspector.Dispose(), TaskScheduler.Default);
    }

    public void Dispose() => Current.Inspector.Dispose();

    internal sealed class Loaded
    {
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

        /// <summary>Framework tags per rule index, e.g. "owasp-llm:LLM01".</summary>
        public string[][] Tags { get; }

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
