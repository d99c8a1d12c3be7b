# METADATA
# title: LiteLLM model routes have a guardrail when the deployment requires one
# description: >-
#   When the deployment requires a guardrail on every model (data.aispm.config.require_guardrail_association), each
#   LiteLLM model route must have one: on every deployment of the route (litellm_params.guardrails), or a guardrail
#   on by default on the proxy, or an AiSpm gateway in the path (data.aispm.config.aispm_gateway_in_path). Without the
#   requirement the control passes.
# custom:
#   id: missing_guardrail_association
#   severity: high
#   resource_kind: route
#   resource_id: "litellm:route:*"
#   frameworks:
#     - owasp-llm:LLM01
#     - owasp-llm:LLM02
#     - owasp-agentic:ASI01
#     - nist-ai-rmf:MANAGE-2.2
#   remediation: |
#     Add a guardrail to the model in the LiteLLM config (`litellm_params: {guardrails: ["aispm"]}`) or turn one on for
#     every request (`guardrails: [{guardrail_name: aispm, litellm_params: {mode: pre_call, default_on: true}}]`), or
#     route the proxy's traffic through the AiSpm gateway. LiteLLM API: `POST /model/update` with the guardrails.
package aispm.controls.missing_guardrail_association

import rego.v1

deny contains msg if {
	data.aispm.config.require_guardrail_association == true
	not proxy_guarded
	some deployment in object.get(input, "Deployments", [])
	count(object.get(deployment, ["Litellm_params", "Guardrails"], [])) == 0
	msg := sprintf("model route %s deploys %s with no guardrail", [data.aispm.resource.Name, object.get(deployment, ["Litellm_params", "Model"], "?")])
}

proxy_guarded if data.aispm.config.aispm_gateway_in_path == true

proxy_guarded if {
	some guardrail in object.get(data.aispm.assets, "guardrails", {})
	object.get(guardrail, ["Litellm_params", "Default_on"], false) == true
}
