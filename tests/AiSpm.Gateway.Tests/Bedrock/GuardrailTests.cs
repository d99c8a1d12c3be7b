using System.Text;
using System.Text.Json;
using AiSpm.Gateway.Bedrock.Guardrails;

namespace AiSpm.Gateway.Tests.Bedrock;

public sealed class GuardrailTests
{
    [Fact]
    public void AnInterventionReadsItsPolicyEntriesAndOutputs()
    {
        var outcome = GuardrailClient.Parse("""
            {"usage":{"topicPolicyUnits":1},"action":"GUARDRAIL_INTERVENED","outputs":[{"text":"Sorry."}],
             "assessments":[{"contentPolicy":{"filters":[{"type":"PROMPT_ATTACK","confidence":"HIGH","action":"BLOCKED"}]},
                             "sensitiveInformationPolicy":{"piiEntities":[{"match":"a@b.c","type":"EMAIL","action":"ANONYMIZED"}],"regexes":[]}}]}
            """u8);

        Assert.False(outcome.Failed);
        Assert.True(outcome.Intervened);
        Assert.True(outcome.Blocks);
        Assert.Equal(["Sorry."], outcome.Outputs);
        Assert.Contains(new GuardrailPolicyHit("contentPolicy", "PROMPT_ATTACK", "BLOCKED"), outcome.Hits);
        Assert.Contains(new GuardrailPolicyHit("sensitiveInformationPolicy", "EMAIL", "ANONYMIZED"), outcome.Hits);
    }

    [Fact]
    public void OnlyAnonymizedEntriesMaskRatherThanBlock()
    {
        var outcome = GuardrailClient.Parse("""
            {"action":"GUARDRAIL_INTERVENED","outputs":[{"text":"mail {EMAIL}"}],
             "assessments":[{"sensitiveInformationPolicy":{"piiEntities":[{"match":"a@b.c","type":"EMAIL","action":"ANONYMIZED"}]}}]}
            """u8);

        Assert.True(outcome.Intervened);
        Assert.False(outcome.Blocks);
    }

    [Fact]
    public void AnAnswerThatIsNotAnApplyGuardrailResponseIsAFailureNotAPass()
    {
        Assert.True(GuardrailClient.Parse("""{"unexpected":true}"""u8).Failed);
        Assert.True(GuardrailClient.Parse("<html>"u8).Failed);
    }

    [Fact]
    public void TheRequestBodyListsEachTextAsAContentBlock()
    {
        var body = GuardrailClient.RequestBody("INPUT", [new TextSpan(0, 1, "one"), new TextSpan(5, 1, "two \"quoted\"")]);
        using var doc = JsonDocument.Parse(body);

        Assert.Equal("INPUT", doc.RootElement.GetProperty("source").GetString());
        var content = doc.RootElement.GetProperty("content");
        Assert.Equal(2, content.GetArrayLength());
        Assert.Equal("two \"quoted\"", content[1].GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public void ConverseTextsAreFoundAndMaskedInPlace()
    {
        var body = Encoding.UTF8.GetBytes("""{"system":[{"text":"be brief"}],"messages":[{"role":"user","content":[{"text":"mail me at a@b.c \u00e9"}]}],"inferenceConfig":{"maxTokens":5}}""");
        var texts = BodyTexts.Collect(body);

        Assert.Equal(["be brief", "mail me at a@b.c é"], texts.Select(t => t.Text));

        var masked = BodyTexts.Replace(body, texts, ["be brief", "mail me at {EMAIL} é"]);
        using var doc = JsonDocument.Parse(masked);
        Assert.Equal("mail me at {EMAIL} é", doc.RootElement.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("be brief", doc.RootElement.GetProperty("system")[0].GetProperty("text").GetString());
        Assert.Equal(5, doc.RootElement.GetProperty("inferenceConfig").GetProperty("maxTokens").GetInt32());
    }

    [Fact]
    public void InvokeModelPromptFieldsAreFound()
    {
        Assert.Equal(["hi llama"], BodyTexts.Collect("""{"prompt":"hi llama","max_gen_len":10}"""u8).Select(t => t.Text));
        Assert.Equal(["hi titan"], BodyTexts.Collect("""{"inputText":"hi titan"}"""u8).Select(t => t.Text));
    }
}
