namespace AiSpm.Admin.Hosting;

/// <summary>The admin token minted in local auth mode (null in other modes).</summary>
internal sealed record LocalToken(string? Value);
