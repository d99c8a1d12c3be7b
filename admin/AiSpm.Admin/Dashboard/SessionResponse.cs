namespace AiSpm.Admin.Dashboard;

/// <summary>A dashboard session: the bearer token to send, and who it stands for.</summary>
internal sealed record SessionResponse(string Token, string User, string[] Roles);
