using Microsoft.AspNetCore.Authentication;

namespace AiSpm.Admin.Auth;

/// <summary>Options of <see cref="StaticPrincipalHandler"/>: a required token (or none) and who it stands for.</summary>
internal sealed class StaticPrincipalOptions : AuthenticationSchemeOptions
{
    public string? Token { get; set; }
    public string Name { get; set; } = "anonymous";
    public IReadOnlyList<string> Roles { get; set; } = [];
}
