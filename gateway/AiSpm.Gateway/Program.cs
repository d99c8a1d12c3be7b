namespace AiSpm.Gateway; internal static class Program { private static void Main() { } }
