using AiSpm.Scanner.Aws;

namespace AiSpm.Scanner.Tests.Aws;

public sealed class AwsEndpointsTests
{
    [Fact]
    public void TheServiceSpecificOverrideWinsOverTheGeneralOne()
    {
        var env = new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = "http://localstack:4566", ["AWS_ENDPOINT_URL_BEDROCK_AGENT"] = "http://agents:9000/" };
        var endpoints = new AwsEndpoints(env.GetValueOrDefault);
        Assert.Equal(new Uri("http://agents:9000"), endpoints.Resolve(AwsOperations.BedrockAgent, "eu-west-1"));
        Assert.Equal(new Uri("http://localstack:4566"), endpoints.Resolve(AwsOperations.Bedrock, "eu-west-1"));
    }

    [Fact]
    public void WithoutOverridesThePublicEndpointIsUsed()
    {
        var endpoints = new AwsEndpoints(_ => null);
        Assert.Equal(new Uri("https://bedrock-agentcore-control.eu-west-1.amazonaws.com"), endpoints.Resolve(AwsOperations.AgentCore, "eu-west-1"));
        Assert.Equal(new Uri("https://api.sagemaker.eu-west-1.amazonaws.com"), endpoints.Resolve(AwsOperations.Sagemaker, "eu-west-1"));
        Assert.Equal(new Uri("https://iam.amazonaws.com"), endpoints.Resolve(AwsOperations.Iam, "eu-west-1"));
        Assert.Equal("us-east-1", AwsEndpoints.SigningRegion(AwsOperations.Iam, "eu-west-1"));
    }

    [Fact]
    public void TheOperationListNamesOnlyReadOnlyActions()
    {
        Assert.All(AwsOperations.IamActions, a => Assert.Matches(@"^[a-z-]+:(List|Get|Describe)[A-Za-z]+$", a));
        Assert.Contains("bedrock:ListGuardrails", AwsOperations.IamActions);
        Assert.Contains("iam:GetRolePolicy", AwsOperations.IamActions);
    }

    [Fact]
    public void EveryOperationIsInItsBotocoreModelWithTheSamePath()
    {
        foreach (var op in AwsOperations.All)
        {
            var model = Fakes.AwsModels.Load(op.Service.CliName);
            var http = model["operations"]![op.Name]?["http"];
            Assert.True(http is not null, op.IamAction + " is not in the model");
            if (op.Service.Protocol == AwsProtocol.RestJson)
            {
                Assert.Equal(http!["requestUri"]!.GetValue<string>().Split('?')[0], op.Path);
                Assert.Equal(http["method"]!.GetValue<string>(), op.Method);
            }
        }
    }
}
