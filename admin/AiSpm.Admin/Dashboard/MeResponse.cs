namespace AiSpm.Admin.Dashboard;

/// <summary>Who the caller's token stands for and its roles (after group mapping): the dashboard hides what they may not do.</summary>
internal sealed record MeResponse(string User, string[] Roles, string AuthMode);
