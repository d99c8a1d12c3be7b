namespace AiSpm.Gateway.Configuration;

internal sealed class GatewayConfigurationException(IReadOnlyList<string> errors)
    : Exception("invalid gateway configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
