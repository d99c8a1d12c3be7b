using AiSpm.Posture.Controls;

namespace AiSpm.Posture.Tests.Controls;

public class IdGlobTests
{
    [Theory]
    [InlineData("arn:aws:bedrock:*:guardrail/*", "arn:aws:bedrock:us-east-1:123456789012:guardrail/gr1", true)]
    [InlineData("arn:aws:bedrock:*:guardrail/*", "litellm:guardrail:presidio", false)]
    [InlineData("arn:aws:sagemaker:*:notebook-instance/*", "arn:aws:sagemaker:us-east-1:1:endpoint/e", false)]
    [InlineData("litellm:*", "litellm:key:abc", true)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    [InlineData("*", "", true)]
    public void MatchesStarsAndLiterals(string pattern, string id, bool expected) => Assert.Equal(expected, IdGlob.IsMatch(pattern, id));
}
