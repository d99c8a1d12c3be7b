using System.Text.Json.Nodes;
using AiSpm.Scanner.Aws;

namespace AiSpm.Admin.Guardian;

/// <summary>
/// Raises a Bedrock guardrail's prompt-attack filter to HIGH: <c>GetGuardrail</c> of the working draft,
/// <c>UpdateGuardrail</c> with every other policy carried over, then <c>CreateGuardrailVersion</c> so callers pinned
/// to a version can move to the tightened one. Rollback writes the recorded draft back; the published version stays
/// (versions are immutable) and is named in the audit trail.
/// </summary>
internal sealed class BedrockGuardrailActuator(GuardianAws aws) : IGuardianActuator
{
    public string Kind => GuardianActionKind.BedrockGuardrailStrength;

    public async Task<ActuatorResult> ExecuteAsync(GuardianAction action, string who, CancellationToken cancellationToken)
    {
        if (!AwsTarget.TryParse(action.Target, "bedrock", "guardrail", out var target))
        {
            return ActuatorResult.Fail("target '" + action.Target + "' is not a Bedrock guardrail ARN");
        }

        var client = aws.Client();
        var current = await client.CallAsync(AwsOperations.BedrockGetGuardrail, target.Region,
            new JsonObject { ["guardrailIdentifier"] = target.ResourceId, ["guardrailVersion"] = "DRAFT" }, cancellationToken);
        var before = GuardrailUpdate.FromGuardrail(current, target.ResourceId);
        var after = GuardrailUpdate.WithPromptAttackHigh(before);
        await client.CallAsync(BedrockWrites.UpdateGuardrail, target.Region, after, cancellationToken);
        var version = await client.CallAsync(BedrockWrites.CreateGuardrailVersion, target.Region, new JsonObject
        {
            ["guardrailIdentifier"] = target.ResourceId,
            ["description"] = "AiSpm Guardian action " + action.Id + ": prompt-attack filter at HIGH",
            // The action id makes a retried call return the version the first one created.
            ["clientRequestToken"] = action.Id,
        }, cancellationToken);

        return ActuatorResult.Done(
            State(target, before, null),
            State(target, after, version["version"]?.GetValue<string>()));
    }

    public async Task<ActuatorResult> RollbackAsync(GuardianAction action, string who, CancellationToken cancellationToken)
    {
        if (!AwsTarget.TryParse(action.Target, "bedrock", "guardrail", out var target)
            || action.Before is null || JsonNode.Parse(action.Before)?["request"] is not JsonObject before)
        {
            return ActuatorResult.Fail("the action recorded no guardrail configuration to restore");
        }

        var client = aws.Client();
        var current = await client.CallAsync(AwsOperations.BedrockGetGuardrail, target.Region,
            new JsonObject { ["guardrailIdentifier"] = target.ResourceId, ["guardrailVersion"] = "DRAFT" }, cancellationToken);
        var now = GuardrailUpdate.FromGuardrail(current, target.ResourceId);
        await client.CallAsync(BedrockWrites.UpdateGuardrail, target.Region, (JsonObject)before.DeepClone(), cancellationToken);
        return ActuatorResult.Done(State(target, now, null), State(target, before, null));
    }

    private static string State(AwsTarget target, JsonObject request, string? publishedVersion)
    {
        var state = new JsonObject
        {
            ["guardrailId"] = target.ResourceId,
            ["region"] = target.Region,
            ["promptAttackInputStrength"] = GuardrailUpdate.PromptAttackStrength(request),
            ["request"] = request.DeepClone(),
        };
        if (publishedVersion is not null)
        {
            state["publishedVersion"] = publishedVersion;
        }

        return state.ToJsonString();
    }
}
