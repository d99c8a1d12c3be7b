# METADATA
# title: Service calls only its expected dependencies
# description: >-
#   An X-Ray service (a node of GetServiceGraph) that calls a service its configured expected dependencies do not list
#   has started talking to something new: a changed tool, an injected URL, a supply-chain change or an exfiltration
#   path. The calls are read from data.aispm.behaviour.assets[serviceId].Calls (the `calls` edges of the service
#   graph, each {"To", "Name"}); the expectation from data.aispm.config.expected_dependencies[serviceName], a list of
#   callee names. A service without an expectation configured is not judged.
# custom:
#   id: unexpected_dependency
#   severity: medium
#   resource_kind: service
#   frameworks:
#     - owasp-agentic:ASI02
#     - owasp-agentic:ASI04
#     - owasp-llm:LLM06
#     - nist-ai-rmf:MANAGE-2.2
#     - mitre-atlas:AML.T0053
#   remediation: |
#     Open the trace in X-Ray (`aws xray get-trace-summaries --filter-expression 'service("CALLEE")'`) to see which
#     code path made the call. If it is expected, add the callee to `posture:config:expected_dependencies:SERVICE`
#     (the admin) or the `--config` file (offline); if not, remove the tool or URL that reaches it and restrict the
#     service's egress (security group, VPC endpoint policy, or the role's permissions).
package aispm.controls.unexpected_dependency

import rego.v1

deny contains msg if {
	expected := data.aispm.config.expected_dependencies[data.aispm.resource.Name]
	some call in behaviour.Calls
	not call.Name in expected
	msg := sprintf("service %s calls %s, which is not among its expected dependencies", [data.aispm.resource.Name, call.Name])
}

behaviour := data.aispm.behaviour.assets[data.aispm.resource.Id]
