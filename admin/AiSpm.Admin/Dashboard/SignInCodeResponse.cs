namespace AiSpm.Admin.Dashboard;

/// <summary>A fresh one-time dashboard URL, for <c>./aispm dashboard</c> once the printed one was used.</summary>
internal sealed record SignInCodeResponse(string Url, DateTimeOffset ExpiresAt);
