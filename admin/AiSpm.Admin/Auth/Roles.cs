namespace AiSpm.Admin.Auth;

/// <summary>Roles and the authorization policies built on them. Each role includes the ones below it.</summary>
internal static class Roles
{
    public const string Viewer = "viewer";
    public const string Analyst = "analyst";
    public const string Admin = "admin";
    /// <summary>Not a human role: the credential gateways present.</summary>
    public const string Gateway = "gateway";

    public const string CanRead = "can-read";
    public const string CanWrite = "can-write";
    public const string CanAdminister = "can-administer";
    public const string CanIngest = "can-ingest";
    public const string CanReadPolicy = "can-read-policy";

    public static bool IsRole(string? value) => value is Viewer or Analyst or Admin;

    /// <summary>The role and every role it includes.</summary>
    public static IEnumerable<string> Expand(string role) => role switch
    {
        Admin => [Admin, Analyst, Viewer],
        Analyst => [Analyst, Viewer],
        Viewer => [Viewer],
        _ => [],
    };
}
