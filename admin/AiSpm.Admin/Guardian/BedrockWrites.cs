using AiSpm.Scanner.Aws;

namespace AiSpm.Admin.Guardian;

/// <summary>
/// The Bedrock write operations the Guardian calls (botocore models <c>bedrock</c> 2023-04-20 and <c>bedrock-agent</c>
/// 2023-06-05). They live here, not in the scanner's <see cref="AwsOperations"/>, because that list is the scanner's
/// read-only policy; their IAM actions sit behind the stack's off-by-default Guardian parameters
/// (<c>infra/aws-actions.json</c>, statements GuardianGuardrails and GuardianAgents).
/// </summary>
internal static class BedrockWrites
{
    public static readonly AwsOperation UpdateGuardrail = new(AwsOperations.Bedrock, "UpdateGuardrail", "PUT", "/guardrails/{guardrailIdentifier}");

    public static readonly AwsOperation CreateGuardrailVersion = new(AwsOperations.Bedrock, "CreateGuardrailVersion", "POST", "/guardrails/{guardrailIdentifier}");

    public static readonly AwsOperation UpdateAgent = new(AwsOperations.BedrockAgent, "UpdateAgent", "PUT", "/agents/{agentId}/");

    public static readonly AwsOperation PrepareAgent = new(AwsOperations.BedrockAgent, "PrepareAgent", "POST", "/agents/{agentId}/");
}
