namespace AiSpm.Admin.Dashboard;

/// <summary>The one-time code from the <c>dashboard:</c> URL.</summary>
internal sealed record SessionRequest(string Code);
