# METADATA
# title: Model route latency stays near its baseline
# description: >-
#   A LiteLLM route (the model name clients ask for) whose recent p99 latency through the gateways
#   (data.aispm.behaviour.assets[routeId].Recent.LatencyP99Ms, the minutes' p99 weighted by their requests over the
#   last day) is more than data.aispm.config.latency_factor (default 3.0) times its baseline p99 is degraded or
#   overloaded: agents time out, retry and pile on. Judged only with at least data.aispm.config.behaviour_min_requests
#   requests (default 20) in both windows.
# custom:
#   id: latency_anomaly
#   severity: low
#   resource_kind: route
#   frameworks:
#     - owasp-llm:LLM10
#     - owasp-agentic:ASI08
#     - nist-ai-rmf:MANAGE-4.1
#     - mitre-atlas:AML.T0029
#   remediation: |
#     Compare the route's minutes (`GET /spm/api/traffic?model=ROUTE`) with the provider's status and the LiteLLM
#     deployment's health (`GET /health`). Add a fallback deployment or lower `timeout` / `stream_timeout` in the
#     route's `litellm_params` so that agents fail fast instead of queueing; if one key drives the load, rate-limit it.
package aispm.controls.latency_anomaly

import rego.v1

deny contains msg if {
	behaviour.Recent.Requests >= min_requests
	behaviour.Baseline.Requests >= min_requests
	behaviour.Baseline.LatencyP99Ms > 0
	behaviour.Recent.LatencyP99Ms > behaviour.Baseline.LatencyP99Ms * factor
	msg := sprintf("route %s: p99 latency %v ms recently, over %v times its baseline of %v ms", [data.aispm.resource.Name, behaviour.Recent.LatencyP99Ms, factor, behaviour.Baseline.LatencyP99Ms])
}

behaviour := data.aispm.behaviour.assets[data.aispm.resource.Id]

factor := object.get(data.aispm.config, "latency_factor", 3)

min_requests := object.get(data.aispm.config, "behaviour_min_requests", 20)
