using System.Text.Json.Nodes;

namespace AiSpm.Admin.Guardian;

/// <summary>
/// Turns a <c>GetGuardrail</c> answer into the <c>UpdateGuardrail</c> request that keeps it as it is. UpdateGuardrail
/// replaces every policy, so whatever the request leaves out is removed: each policy the answer holds is carried over
/// under its request name (<c>contentPolicy.filters</c> becomes <c>contentPolicyConfig.filtersConfig</c>, and so on for
/// every member the botocore model renames), and only then is one filter changed.
/// </summary>
internal static class GuardrailUpdate
{
    private const string PromptAttack = "PROMPT_ATTACK";

    // Answer policy -> (request policy, the list and tier members each renames).
    private static readonly (string From, string To, (string From, string To)[] Members)[] Policies =
    [
        ("topicPolicy", "topicPolicyConfig", [("topics", "topicsConfig"), ("tier", "tierConfig")]),
        ("contentPolicy", "contentPolicyConfig", [("filters", "filtersConfig"), ("tier", "tierConfig")]),
        ("wordPolicy", "wordPolicyConfig", [("words", "wordsConfig"), ("managedWordLists", "managedWordListsConfig")]),
        ("sensitiveInformationPolicy", "sensitiveInformationPolicyConfig", [("piiEntities", "piiEntitiesConfig"), ("regexes", "regexesConfig")]),
        ("contextualGroundingPolicy", "contextualGroundingPolicyConfig", [("filters", "filtersConfig")]),
        ("automatedReasoningPolicy", "automatedReasoningPolicyConfig", [("policies", "policies"), ("confidenceThreshold", "confidenceThreshold")]),
    ];

    /// <summary>The request that writes <paramref name="guardrail"/> (a GetGuardrail answer) back unchanged.</summary>
    public static JsonObject FromGuardrail(JsonObject guardrail, string identifier)
    {
        var request = new JsonObject
        {
            ["guardrailIdentifier"] = identifier,
            ["name"] = guardrail["name"]?.DeepClone(),
            ["blockedInputMessaging"] = guardrail["blockedInputMessaging"]?.DeepClone(),
            ["blockedOutputsMessaging"] = guardrail["blockedOutputsMessaging"]?.DeepClone(),
        };
        if (guardrail["description"] is { } description)
        {
            request["description"] = description.DeepClone();
        }

        // The answer names the key by ARN, the request takes an id or ARN under another name.
        if (guardrail["kmsKeyArn"] is { } kms)
        {
            request["kmsKeyId"] = kms.DeepClone();
        }

        if (guardrail["crossRegionDetails"]?["guardrailProfileArn"] is { } profile)
        {
            request["crossRegionConfig"] = new JsonObject { ["guardrailProfileIdentifier"] = profile.DeepClone() };
        }

        foreach (var (from, to, members) in Policies)
        {
            if (guardrail[from] is not JsonObject policy)
            {
                continue;
            }

            var config = new JsonObject();
            foreach (var (memberFrom, memberTo) in members)
            {
                if (policy[memberFrom] is { } value)
                {
                    config[memberTo] = value.DeepClone();
                }
            }

            request[to] = config;
        }

        // A denied topic's type is optional in the answer and required in the request; DENY is its only value.
        if (request["topicPolicyConfig"]?["topicsConfig"] is JsonArray topics)
        {
            foreach (var topic in topics)
            {
                if (topic is JsonObject t && t["type"] is null)
                {
                    t["type"] = "DENY";
                }
            }
        }

        return request;
    }

    /// <summary>The prompt-attack filter's input strength in <paramref name="request"/>, or null without one.</summary>
    public static string? PromptAttackStrength(JsonObject request)
    {
        if (request["contentPolicyConfig"]?["filtersConfig"] is JsonArray filters)
        {
            foreach (var f in filters)
            {
                if (f is JsonObject filter && string.Equals(filter["type"]?.GetValue<string>(), PromptAttack, StringComparison.OrdinalIgnoreCase))
                {
                    return filter["inputStrength"]?.GetValue<string>();
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A copy of <paramref name="request"/> whose prompt-attack filter is on, blocking, at HIGH on input (output strength
    /// stays NONE: Bedrock accepts nothing else for prompt attacks), added when the guardrail has none.
    /// </summary>
    public static JsonObject WithPromptAttackHigh(JsonObject request)
    {
        var next = (JsonObject)request.DeepClone();
        if (next["contentPolicyConfig"] is not JsonObject content)
        {
            content = new JsonObject();
            next["contentPolicyConfig"] = content;
        }

        if (content["filtersConfig"] is not JsonArray filters)
        {
            filters = [];
            content["filtersConfig"] = filters;
        }

        JsonObject? promptAttack = null;
        foreach (var f in filters)
        {
            if (f is JsonObject filter && string.Equals(filter["type"]?.GetValue<string>(), PromptAttack, StringComparison.OrdinalIgnoreCase))
            {
                promptAttack = filter;
                break;
            }
        }

        if (promptAttack is null)
        {
            promptAttack = new JsonObject { ["type"] = PromptAttack };
            filters.Add(promptAttack);
        }

        promptAttack["inputStrength"] = "HIGH";
        promptAttack["outputStrength"] = "NONE";
        if (promptAttack["inputAction"] is not null)
        {
            promptAttack["inputAction"] = "BLOCK";
        }

        if (promptAttack["inputEnabled"] is not null)
        {
            promptAttack["inputEnabled"] = true;
        }

        return next;
    }
}
