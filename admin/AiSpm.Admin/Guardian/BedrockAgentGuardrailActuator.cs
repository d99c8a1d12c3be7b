using System.Text.Json.Nodes;
using AiSpm.Scanner.Aws;

namespace AiSpm.Admin.Guardian;

/// <summary>
/// Attaches the configured guardrail to a Bedrock agent: <c>GetAgent</c>, <c>UpdateAgent</c> with every setting carried
/// over and <c>guardrailConfiguration</c> set, then <c>PrepareAgent</c> so the draft the aliases test against uses it.
/// Rollback writes the recorded guardrail configuration back (none, when it had none) and prepares again.
/// </summary>
internal sealed class BedrockAgentGuardrailActuator(GuardianAws aws, GuardianSettings settings) : IGuardianActuator
{
    // UpdateAgent replaces the agent's configuration, so every settable member of GetAgent's answer is carried over.
    private static readonly string[] Carried =
    [
        "agentName", "instruction", "foundationModel", "description", "orchestrationType", "customOrchestration", "idleSessionTTLInSeconds",
        "agentResourceRoleArn", "customerEncryptionKeyArn", "promptOverrideConfiguration", "memoryConfiguration", "agentCollaboration",
    ];

    public string Kind => GuardianActionKind.BedrockAgentGuardrail;

    public async Task<ActuatorResult> ExecuteAsync(GuardianAction action, string who, CancellationToken cancellationToken)
    {
        if (settings.AgentGuardrailIdentifier is not { } guardrail)
        {
            return ActuatorResult.Fail("guardian:bedrock:agentGuardrail:identifier is not configured");
        }

        var wanted = new JsonObject { ["guardrailIdentifier"] = guardrail, ["guardrailVersion"] = settings.AgentGuardrailVersion };
        return await SetAsync(action.Target, wanted, cancellationToken);
    }

    public async Task<ActuatorResult> RollbackAsync(GuardianAction action, string who, CancellationToken cancellationToken)
    {
        if (action.Before is null || JsonNode.Parse(action.Before) is not JsonObject before)
        {
            return ActuatorResult.Fail("the action recorded no agent configuration to restore");
        }

        return await SetAsync(action.Target, before["guardrailConfiguration"] as JsonObject, cancellationToken);
    }

    private async Task<ActuatorResult> SetAsync(string arn, JsonObject? guardrail, CancellationToken cancellationToken)
    {
        if (!AwsTarget.TryParse(arn, "bedrock", "agent", out var target))
        {
            return ActuatorResult.Fail("target '" + arn + "' is not a Bedrock agent ARN");
        }

        var client = aws.Client();
        var answer = await client.CallAsync(AwsOperations.BedrockAgentGetAgent, target.Region, new JsonObject { ["agentId"] = target.ResourceId }, cancellationToken);
        if (answer["agent"] is not JsonObject agent)
        {
            return ActuatorResult.Fail("GetAgent answered without an agent");
        }

        var update = new JsonObject { ["agentId"] = target.ResourceId };
        foreach (var member in Carried)
        {
            if (agent[member] is { } value)
            {
                update[member] = value.DeepClone();
            }
        }

        if (guardrail is not null)
        {
            update["guardrailConfiguration"] = guardrail.DeepClone();
        }

        await client.CallAsync(BedrockWrites.UpdateAgent, target.Region, update, cancellationToken);
        var prepared = await client.CallAsync(BedrockWrites.PrepareAgent, target.Region, new JsonObject { ["agentId"] = target.ResourceId }, cancellationToken);
        return ActuatorResult.Done(
            State(target, agent["guardrailConfiguration"] as JsonObject, null),
            State(target, guardrail, prepared["agentStatus"]?.GetValue<string>()));
    }

    private static string State(AwsTarget target, JsonObject? guardrail, string? status)
    {
        var state = new JsonObject { ["agentId"] = target.ResourceId, ["region"] = target.Region, ["guardrailConfiguration"] = guardrail?.DeepClone() };
        if (status is not null)
        {
            state["agentStatus"] = status;
        }

        return state.ToJsonString();
    }
}
