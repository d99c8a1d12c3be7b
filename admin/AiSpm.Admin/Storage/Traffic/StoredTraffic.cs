using AiSpm.Contracts;

namespace AiSpm.Admin.Storage.Traffic;

/// <summary>A stored summary and the gateway that sent it.</summary>
internal sealed record StoredTraffic(string GatewayId, TrafficSummary Summary);
