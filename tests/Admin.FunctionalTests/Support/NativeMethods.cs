using System.Runtime.InteropServices;

namespace AiSpm.Admin.FunctionalTests.Support;

internal static class NativeMethods
{
    /// <summary>POSIX kill(2): .NET can only SIGKILL a child, and a graceful stop needs SIGTERM.</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static extern int Kill(int pid, int signal);
}
