# METADATA
# title: Agent key calls models within its baseline
# description: >-
#   A LiteLLM key whose recent calls per day (data.aispm.behaviour.assets[keyId].Recent.CallsPerDay, the last day of
#   the gateways' traffic summaries) exceed its baseline (Baseline.CallsPerDay, the days before) by more than
#   data.aispm.config.call_baseline_factor (default 3.0) is a runaway loop, a leaked key or an agent doing something
#   new. Judged only with a baseline of at least data.aispm.config.behaviour_min_baseline_days days (default 1) and at
#   least data.aispm.config.behaviour_min_requests recent requests (default 20).
# custom:
#   id: excessive_llm_calls
#   severity: medium
#   resource_kind: key
#   resource_id: "litellm:key:*"
#   frameworks:
#     - owasp-llm:LLM10
#     - owasp-agentic:ASI08
#     - owasp-agentic:ASI10
#     - nist-ai-rmf:MANAGE-2.2
#     - mitre-atlas:AML.T0034
#   remediation: |
#     Look at what the key sent (`GET /spm/api/traffic?key=ALIAS`, LiteLLM `GET /spend/logs?api_key=KEY`). If the
#     growth is not expected, block the key while you look (`POST /key/block {"key": "KEY"}`); either way cap it:
#     `POST /key/update {"key": "KEY", "rpm_limit": 60, "max_budget": 50, "budget_duration": "1d"}`.
package aispm.controls.excessive_llm_calls

import rego.v1

deny contains msg if {
	behaviour.Baseline.Days >= min_baseline_days
	behaviour.Baseline.CallsPerDay > 0
	behaviour.Recent.Requests >= min_requests
	behaviour.Recent.CallsPerDay > behaviour.Baseline.CallsPerDay * factor
	msg := sprintf("key %s: %v calls per day recently, over %v times its baseline of %v", [data.aispm.resource.Name, behaviour.Recent.CallsPerDay, factor, behaviour.Baseline.CallsPerDay])
}

behaviour := data.aispm.behaviour.assets[data.aispm.resource.Id]

factor := object.get(data.aispm.config, "call_baseline_factor", 3)

min_requests := object.get(data.aispm.config, "behaviour_min_requests", 20)

min_baseline_days := object.get(data.aispm.config, "behaviour_min_baseline_days", 1)
