# METADATA
# title: Agent key does not retry excessively
# description: >-
#   A LiteLLM key whose recent requests (data.aispm.behaviour.assets[keyId].Recent, the last day of the gateways'
#   traffic summaries) ended in 429 or 5xx more often than data.aispm.config.retry_ratio_max (default 0.2) is an agent
#   hammering a limit or a failing upstream: a retry loop burns tokens and money and can cascade. Judged only with at
#   least data.aispm.config.behaviour_min_requests recent requests (default 20).
# custom:
#   id: high_retry_rate
#   severity: medium
#   resource_kind: key
#   resource_id: "litellm:key:*"
#   frameworks:
#     - owasp-llm:LLM10
#     - owasp-agentic:ASI08
#     - nist-ai-rmf:MANAGE-2.2
#     - mitre-atlas:AML.T0029
#   remediation: |
#     Find the statuses behind the retries (`GET /spm/api/traffic?key=ALIAS`): 429s mean the agent exceeds its rate
#     or token limit (give it backoff with jitter and a retry cap, or raise `rpm_limit` / `tpm_limit` with
#     `POST /key/update`); 5xx mean its upstream is failing (add a fallback deployment in LiteLLM's `router_settings`).
package aispm.controls.high_retry_rate

import rego.v1

deny contains msg if {
	recent := behaviour.Recent
	recent.Requests >= min_requests
	recent.RetryRatio > max_ratio
	msg := sprintf("key %s: %v of %v recent requests ended in 429 or 5xx (ratio %v, limit %v)", [data.aispm.resource.Name, recent.RateLimited + recent.ServerErrors, recent.Requests, recent.RetryRatio, max_ratio])
}

behaviour := data.aispm.behaviour.assets[data.aispm.resource.Id]

max_ratio := object.get(data.aispm.config, "retry_ratio_max", 0.2)

min_requests := object.get(data.aispm.config, "behaviour_min_requests", 20)
