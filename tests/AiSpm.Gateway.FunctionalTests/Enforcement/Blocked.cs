using System.Text.Json;
using AiSpm.Gateway.FunctionalTests.Infrastructure;

namespace AiSpm.Gateway.FunctionalTests.Enforcement;

internal static class Blocked
{
    /// <summary>An aispm_blocked error whose code is a rule id; returns the error object.</summary>
    public static JsonElement Assert(string body)
    {
        ErrorAssert.NoInternals(body);
        using var doc = JsonDocument.Parse(body);
        var error = doc.RootElement.GetProperty("error");
        Xunit.Assert.Equal("aispm_blocked", error.GetProperty("type").GetString());
        Xunit.Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("code").GetString()), "a block names its rule: " + body);
        return error.Clone();
    }
}
