using AiSpm.Admin.Storage.Assets;

namespace AiSpm.Admin.Api;

/// <summary>Every configured connector's health (<c>pending</c> before its first run), and any stored health of a
/// connector no longer configured.</summary>
internal sealed record DiscoveryConnectorsResponse(IReadOnlyList<ConnectorState> Items);
