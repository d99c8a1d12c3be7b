using AiSpm.Gateway.Enforcement;

namespace AiSpm.Gateway.Traffic;

/// <summary>What one request tells the traffic summary, filled in as the request learns it: who and where once the
/// exchange is known, tokens once the answer is read.</summary>
internal sealed class TrafficTag
{
    public ExchangeInfo? Exchange { get; set; }

    public bool TraceArrived { get; set; }

    public long TokensIn { get; set; }

    public long TokensOut { get; set; }

    /// <summary>The tag of the request <paramref name="context"/> serves, if traffic is being summarized.</summary>
    public static void Describe(HttpContext context, ExchangeInfo exchange)
    {
        if (context.Features.Get<TrafficTag>() is { } tag)
        {
            tag.Exchange = exchange;
            tag.TraceArrived = context.Request.Headers.ContainsKey("traceparent");
        }
    }

    public static void Tokens(HttpContext context, long tokensIn, long tokensOut)
    {
        if (context.Features.Get<TrafficTag>() is { } tag)
        {
            tag.TokensIn = tokensIn;
            tag.TokensOut = tokensOut;
        }
    }
}
