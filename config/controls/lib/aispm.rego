# Shared helpers for the built-in controls (package aispm.lib). Loaded with every control by `./aispm controls eval` and
# `./aispm controls test`.
#
# Related assets a control may read (documented shape, filled by discovery):
#   data.aispm.assets.roles[roleArn]         = {"AttachedPolicyArns": [arn...], "Statements": [{"Effect", "Action", "Resource"}]}
#                                               (Action and Resource: a string or an array, as in IAM policy documents)
#   data.aispm.assets.s3_buckets[bucketName] = GetBucketEncryption's answer, PascalCased:
#                                               {"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm", "KMSMasterKeyID"}}]}}
#   data.aispm.assets.log_groups[logGroupName] = a DescribeLogGroups entry, PascalCased: {"LogGroupName", "KmsKeyId"}
#   data.aispm.assets.agents[agentArn]       = GetAgent's agent object, PascalCased
#   data.aispm.assets.teams[teamId]          = a LiteLLM /team/info team_info, first letters upper-cased: {"Team_alias", "Max_budget"}
#   data.aispm.config.approved_models        = ["model name or id", ...]
#
# The posture evaluation (admin/AiSpm.Posture) fills data.aispm from the inventory: assets.KINDs[id] holds every asset's
# PascalCased document by plural kind (roles, teams, agents, keys, routes, guardrails, memories...) under its ARN, or its
# native id where it has no ARN (a LiteLLM team under its team_id); by_id[assetId] the same documents by asset id (the
# ids edges name); edges is every edge as {"From", "To", "Type"}, edges_from[assetId] and edges_to[assetId] the same
# edges by source and by target; resource is the asset being judged: {"Id", "Kind", "Provider", "Name", "Account",
# "Region", "Owner", "Tags"}.
#
# data.aispm.behaviour (what the assets did; the behaviour controls stale_agent, high_retry_rate, excessive_llm_calls,
# latency_anomaly, missing_trace_propagation, unexpected_dependency):
#   window                 = {"Now", "RecentDays", "BaselineDays", "TrafficSince"}
#   assets[assetId]        = {"Sources", "LastSeen", "IdleDays",
#                             "Recent" and "Baseline": {"Days", "Requests", "CallsPerDay", "RateLimited", "ServerErrors",
#                                                       "RetryRatio", "LatencyP99Ms", "TraceparentShare"},
#                             on X-Ray services: "XRay": {"Requests", "ErrorRate", "FaultRate", "ThrottleRate", "RetryRatio",
#                                                        "LatencyP50Ms", "LatencyP95Ms", "CallsPerMinute"},
#                                                "Traces": {...}, "Calls": [{"To", "Name", ...}]}
# An asset without an entry has no behaviour data: the controls pass it.
package aispm.lib

import rego.v1

# A customer-managed KMS key: a key ARN or alias ARN that is not an AWS-managed alias (alias/aws/...).
customer_managed_key(arn) if {
	is_string(arn)
	startswith(arn, "arn:aws:kms:")
	not contains(arn, ":alias/aws/")
}

# IAM's "a string or a list of strings".
as_list(x) := [x] if is_string(x)

as_list(x) := x if is_array(x)

# A non-empty string.
present(s) if {
	is_string(s)
	trim_space(s) != ""
}
