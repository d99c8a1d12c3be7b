using System.Text.Json.Nodes;
using AiSpm.Admin.Guardian;
using AiSpm.Fakes;

namespace AiSpm.Admin.Tests.Guardian;

/// <summary>
/// UpdateGuardrail replaces every policy, so the request built from a GetGuardrail answer must carry all of them, under
/// the request's member names, and be valid against botocore's UpdateGuardrail input shape.
/// </summary>
public sealed class GuardrailUpdateTests
{
    private const string FullGuardrail = """
        {"name":"sales-desk","description":"guards the sales desk","guardrailId":"gr1","guardrailArn":"arn:aws:bedrock:us-east-1:123456789012:guardrail/gr1",
         "version":"DRAFT","status":"READY","createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z",
         "topicPolicy":{"topics":[{"name":"competitors","definition":"Talk about rival hotels","examples":["Is the Ritz cheaper?"]}],"tier":{"tierName":"CLASSIC"}},
         "contentPolicy":{"filters":[{"type":"HATE","inputStrength":"HIGH","outputStrength":"HIGH"},{"type":"PROMPT_ATTACK","inputStrength":"LOW","outputStrength":"NONE","inputAction":"NONE","inputEnabled":false}]},
         "wordPolicy":{"words":[{"text":"voucher code"}],"managedWordLists":[{"type":"PROFANITY"}]},
         "sensitiveInformationPolicy":{"piiEntities":[{"type":"CREDIT_DEBIT_CARD_NUMBER","action":"BLOCK"}],"regexes":[{"name":"booking","pattern":"BK-[0-9]{6}","action":"ANONYMIZE"}]},
         "contextualGroundingPolicy":{"filters":[{"type":"GROUNDING","threshold":0.8}]},
         "blockedInputMessaging":"Sorry.","blockedOutputsMessaging":"Sorry.","kmsKeyArn":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
        """;

    [Fact]
    public void TheRequestFromAGetGuardrailAnswerKeepsEveryPolicyAndIsAValidUpdateGuardrailInput()
    {
        var answer = JsonNode.Parse(FullGuardrail)!.AsObject();
        Assert.Empty(ShapeValidator.ValidateOutput("bedrock", "GetGuardrail", answer));

        var request = GuardrailUpdate.FromGuardrail(answer, "gr1");

        Assert.Empty(ShapeValidator.ValidateInput("bedrock", "UpdateGuardrail", request));
        Assert.Equal("competitors", request["topicPolicyConfig"]!["topicsConfig"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("DENY", request["topicPolicyConfig"]!["topicsConfig"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("CLASSIC", request["topicPolicyConfig"]!["tierConfig"]!["tierName"]!.GetValue<string>());
        Assert.Equal(2, request["contentPolicyConfig"]!["filtersConfig"]!.AsArray().Count);
        Assert.Equal("PROFANITY", request["wordPolicyConfig"]!["managedWordListsConfig"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("BK-[0-9]{6}", request["sensitiveInformationPolicyConfig"]!["regexesConfig"]![0]!["pattern"]!.GetValue<string>());
        Assert.Equal(0.8, request["contextualGroundingPolicyConfig"]!["filtersConfig"]![0]!["threshold"]!.GetValue<double>());
        Assert.Equal("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", request["kmsKeyId"]!.GetValue<string>());
        Assert.Equal("LOW", GuardrailUpdate.PromptAttackStrength(request));
    }

    [Fact]
    public void RaisingThePromptAttackFilterChangesThatFilterOnly()
    {
        var before = GuardrailUpdate.FromGuardrail(JsonNode.Parse(FullGuardrail)!.AsObject(), "gr1");

        var after = GuardrailUpdate.WithPromptAttackHigh(before);

        Assert.Empty(ShapeValidator.ValidateInput("bedrock", "UpdateGuardrail", after));
        Assert.Equal("HIGH", GuardrailUpdate.PromptAttackStrength(after));
        Assert.Equal("LOW", GuardrailUpdate.PromptAttackStrength(before));
        var filter = after["contentPolicyConfig"]!["filtersConfig"]![1]!;
        Assert.Equal("BLOCK", filter["inputAction"]!.GetValue<string>());
        Assert.True(filter["inputEnabled"]!.GetValue<bool>());
        Assert.Equal("NONE", filter["outputStrength"]!.GetValue<string>());
        after["contentPolicyConfig"]!["filtersConfig"]!.AsArray().RemoveAt(1);
        before["contentPolicyConfig"]!["filtersConfig"]!.AsArray().RemoveAt(1);
        Assert.True(JsonNode.DeepEquals(before, after));
    }

    [Fact]
    public void AGuardrailWithoutContentFiltersGetsAPromptAttackFilter()
    {
        var bare = JsonNode.Parse("""{"name":"bare","guardrailId":"g2","guardrailArn":"arn:aws:bedrock:us-east-1:123456789012:guardrail/g2","version":"DRAFT","status":"READY","createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z","blockedInputMessaging":"no","blockedOutputsMessaging":"no"}""")!.AsObject();

        var after = GuardrailUpdate.WithPromptAttackHigh(GuardrailUpdate.FromGuardrail(bare, "g2"));

        Assert.Empty(ShapeValidator.ValidateInput("bedrock", "UpdateGuardrail", after));
        Assert.Equal("HIGH", GuardrailUpdate.PromptAttackStrength(after));
    }
}
