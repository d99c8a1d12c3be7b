# METADATA
# title: LiteLLM model is on the approved list
# description: >-
#   Every deployment behind a LiteLLM model name must be in the configured allowlist data.aispm.config.approved_models,
#   by its public name or its provider model. The resource is a route as the scanner maps GET /model/info: one per
#   `model_name`, its `deployments` the /model/info entries with that name, first letters upper-cased at every depth
#   (`Deployments[_].Model_name`, `Deployments[_].Litellm_params.Model`). With no allowlist configured the control passes.
# custom:
#   id: unapproved_model
#   severity: medium
#   resource_kind: route
#   resource_id: "litellm:route:*"
#   frameworks:
#     - owasp-llm:LLM03
#     - owasp-agentic:ASI04
#     - nist-ai-rmf:GOVERN-1.6
#   remediation: |
#     Remove the deployment or add it to the approved list (AiSpm config `approved_models`).
#     LiteLLM API: `curl -X POST $LITELLM/model/delete -H "Authorization: Bearer $MASTER_KEY" -H 'Content-Type: application/json'
#     -d '{"id":"MODEL_ID"}'`
package aispm.controls.litellm_unapproved_model

import rego.v1

deny contains msg if {
	is_array(data.aispm.config.approved_models)
	some deployment in input.Deployments
	not approved(deployment)
	msg := sprintf("model %s (%s) is not on the approved list", [deployment.Model_name, provider_model(deployment)])
}

approved(deployment) if deployment.Model_name in data.aispm.config.approved_models

approved(deployment) if deployment.Litellm_params.Model in data.aispm.config.approved_models

provider_model(deployment) := object.get(deployment, ["Litellm_params", "Model"], "?")
