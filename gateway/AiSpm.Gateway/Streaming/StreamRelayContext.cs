using AiSpm.Detection;
using AiSpm.Gateway.Enforcement;

namespace AiSpm.Gateway.Streaming;

/// <summary>Everything one streamed response relay needs from the request it belongs to.</summary>
internal sealed record StreamRelayContext(
    InspectorHolder.Loaded Stack,
    ScanContext Scan,
    ExchangeInfo Exchange,
    int HoldbackBytes,
    int IdleTimeoutMs,
    string UpstreamName);
