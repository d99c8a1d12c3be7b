namespace AiSpm.Gateway.Storage;

/// <summary>
/// Files the gateway writes that hold what its clients sent (the event spool) or decide what it enforces (the policy
/// cache): created readable and writable by the gateway's user only (0600, directories 0700), whatever the umask.
/// </summary>
internal static class PrivateFiles
{
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the directory owner-only, and narrows one that already exists (a spool from an older version).</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
    }

    /// <summary>Opens (creating owner-only) a file to append to.</summary>
    public static FileStream OpenAppend(string path, int bufferSize) => new(path, Options(System.IO.FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize));

    /// <summary>Writes a whole file, created owner-only; an existing file is narrowed too.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        using (var fs = new FileStream(path, Options(System.IO.FileMode.Create, FileAccess.Write, FileShare.None, 0)))
        {
            fs.Write(bytes);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    private static FileStreamOptions Options(System.IO.FileMode mode, FileAccess access, FileShare share, int bufferSize)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }
}
