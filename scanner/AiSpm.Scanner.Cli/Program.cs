using AiSpm.Scanner.Cli;

return await ScanCommand.RunAsync(args, Console.Out, Console.Error, Console.OpenStandardOutput()).ConfigureAwait(false);
