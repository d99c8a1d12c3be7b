using System.Runtime.InteropServices;

namespace AiSpm.Admin.FunctionalTests.Support;

internal static class NativeMethods
{
    // Linux signal numbers (x64 and arm64 alike).
    internal const int SigKill = 9;
    internal const int SigCont = 18;
    internal const int SigStop = 19;

    /// <summary>POSIX kill(2): .NET can only SIGKILL a child, and a graceful stop needs SIGTERM.</summary>
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static extern int Kill(int pid, int signal);
}
