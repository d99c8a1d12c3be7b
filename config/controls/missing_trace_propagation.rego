# METADATA
# title: Agent key propagates trace context
# description: >-
#   A LiteLLM key whose recent requests mostly arrived at the gateway without a W3C `traceparent` header
#   (data.aispm.behaviour.assets[keyId].Recent.TraceparentShare below data.aispm.config.traceparent_share_min, default
#   0.5) belongs to an agent whose model calls cannot be joined to the rest of its work: no X-Ray or OpenTelemetry
#   trace connects what it was asked, which tools it ran and what it sent the model. Judged only with at least
#   data.aispm.config.behaviour_min_requests recent requests (default 20).
# custom:
#   id: missing_trace_propagation
#   severity: low
#   resource_kind: key
#   resource_id: "litellm:key:*"
#   frameworks:
#     - owasp-agentic:ASI07
#     - owasp-agentic:ASI10
#     - nist-ai-rmf:MEASURE-2.5
#     - nist-ai-rmf:MANAGE-4.1
#   remediation: |
#     Instrument the agent with OpenTelemetry and propagate context on its model client (Python:
#     `opentelemetry-instrumentation-httpx` or `-requests`; .NET: `AddHttpClientInstrumentation()`; the OpenAI and
#     Anthropic SDKs send `traceparent` when their HTTP client is instrumented). The gateway keeps an arriving
#     `traceparent` and starts a new trace only for requests that come without one.
package aispm.controls.missing_trace_propagation

import rego.v1

deny contains msg if {
	recent := behaviour.Recent
	recent.Requests >= min_requests
	recent.TraceparentShare < min_share
	msg := sprintf("key %s: only %v of %v recent requests carried a traceparent (share %v, minimum %v)", [data.aispm.resource.Name, round(recent.Requests * recent.TraceparentShare), recent.Requests, recent.TraceparentShare, min_share])
}

behaviour := data.aispm.behaviour.assets[data.aispm.resource.Id]

min_share := object.get(data.aispm.config, "traceparent_share_min", 0.5)

min_requests := object.get(data.aispm.config, "behaviour_min_requests", 20)
