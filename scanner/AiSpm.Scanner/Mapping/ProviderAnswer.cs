using System.Text.Json.Nodes;

namespace AiSpm.Scanner.Mapping;

/// <summary>
/// One answer of a provider API, in the shape the AWS CLI prints it (<c>aws SERVICE OPERATION --output json</c>: the
/// botocore output shape, every page merged) or, for LiteLLM, the proxy's JSON body. The live connectors and the
/// offline export reader both produce these, and <see cref="EstateMapper"/> turns them into assets and edges, so the
/// two scans agree by construction.
/// </summary>
/// <param name="Service">The CLI service name (<c>bedrock-agent</c>) or <c>litellm</c>.</param>
/// <param name="Operation">The CLI operation name (<c>list-agent-action-groups</c>) or the LiteLLM path with <c>/</c> as <c>-</c> (<c>key-list</c>).</param>
/// <param name="Hint">Which parent an answer belongs to when its shape does not say (the agent of
/// <c>list-agent-action-groups</c>, the role of <c>list-attached-role-policies</c>): an id, name or ARN.</param>
/// <param name="Region">The region the answer came from, when known.</param>
/// <param name="Scope">For LiteLLM, the proxy the answer came from (the live connector's base URL).</param>
/// <param name="Origin">Where the answer came from (a file name, an operation), for error messages.</param>
public sealed record ProviderAnswer(string Service, string Operation, JsonNode? Body, string? Hint = null, string? Region = null, string? Origin = null, string? Scope = null);
