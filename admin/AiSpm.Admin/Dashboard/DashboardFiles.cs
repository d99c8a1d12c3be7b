using Microsoft.Extensions.FileProviders;

namespace AiSpm.Admin.Dashboard;

/// <summary>
/// Where the built dashboard (<c>admin/dashboard/dist</c>, written by <c>npm run build</c>) is: the configured
/// <c>dashboard:directory</c>, else the first <c>dashboard/dist</c> or <c>admin/dashboard/dist</c> holding an
/// index.html above the content root or the binary (a repository checkout). Null when it is not built.
/// </summary>
internal sealed class DashboardFiles
{
    private DashboardFiles(string? root)
    {
        Root = root;
        Provider = root is null ? null : new PhysicalFileProvider(root);
    }

    public string? Root { get; }

    /// <summary>Refuses paths that leave the root (PhysicalFileProvider's own rule), so a request cannot read beside it.</summary>
    public PhysicalFileProvider? Provider { get; }

    public static DashboardFiles Locate(string? configured, string contentRoot)
    {
        if (configured is { Length: > 0 })
        {
            var full = Path.GetFullPath(configured, contentRoot);
            return new DashboardFiles(File.Exists(Path.Combine(full, "index.html")) ? full : null);
        }

        foreach (var start in (ReadOnlySpan<string>)[contentRoot, AppContext.BaseDirectory])
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in (ReadOnlySpan<string>)[Path.Combine(dir.FullName, "dashboard", "dist"), Path.Combine(dir.FullName, "admin", "dashboard", "dist")])
                {
                    if (File.Exists(Path.Combine(candidate, "index.html")))
                    {
                        return new DashboardFiles(candidate);
                    }
                }
            }
        }

        return new DashboardFiles(null);
    }
}
