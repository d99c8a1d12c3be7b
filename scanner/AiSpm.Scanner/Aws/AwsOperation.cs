namespace AiSpm.Scanner.Aws;

/// <summary>
/// One AWS operation the scanner calls, with what its request and paging need. <see cref="Path"/> holds
/// <c>{member}</c> placeholders for URI members; <see cref="Query"/> maps input members to query-string names; other
/// members go in the JSON body (POST) or form (query protocol).
/// </summary>
public sealed record AwsOperation(
    AwsService Service,
    string Name,
    string Method = "POST",
    string Path = "/",
    IReadOnlyDictionary<string, string>? Query = null,
    string? InputToken = null,
    string? OutputToken = null,
    string? ResultKey = null)
{
    /// <summary>The IAM action that allows this call (<c>bedrock:ListAgents</c>).</summary>
    public string IamAction => Service.IamPrefix + ":" + Name;

    /// <summary>The AWS CLI name of the operation (<c>list-agents</c>), the name of its offline export file.</summary>
    public string CliName => ToCli(Name);

    public bool Paged => InputToken is not null;

    internal static string ToCli(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])))
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }
}
