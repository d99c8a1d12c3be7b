namespace AiSpm.Posture.Controls;

/// <summary>A control's `# METADATA` annotations: the title and description, and under `custom` the rest.</summary>
public sealed record ControlMetadata
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string Description { get; init; } = string.Empty;

    public required Severity Severity { get; init; }

    /// <summary>The asset kind the control judges (an <c>AssetKinds</c> name).</summary>
    public required string ResourceKind { get; init; }

    /// <summary>Optional narrowing within the kind, a glob over the asset id (`*` matches anything): several providers
    /// share a kind (a SageMaker model, a Bedrock foundation model and a LiteLLM deployment are all `model`).</summary>
    public string? ResourceId { get; init; }

    /// <summary>Framework tags, `framework:id` (`owasp-llm:LLM01`, `owasp-agentic:ASI03`, `nist-ai-rmf:MANAGE-2.2`).</summary>
    public IReadOnlyList<string> Frameworks { get; init; } = [];

    public string Remediation { get; init; } = string.Empty;

    /// <summary>The Prowler check the control corresponds to, if any.</summary>
    public string? Prowler { get; init; }
}
