namespace AiSpm.Gateway.Tests;

/// <summary>The Unix permission bits of a file (the suites run on Linux, as the gateway does).</summary>
internal static class FileModes
{
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static UnixFileMode Of(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Unix file modes");
        }

        return File.GetUnixFileMode(path);
    }
}
