# METADATA
# title: LiteLLM model is on the approved list
# description: >-
#   A model deployment on the LiteLLM proxy (an entry of GET /model/info's `data`, first letters upper-cased:
#   `model_name` -> `Model_name`, `litellm_params.model` -> `Litellm_params.Model`) must be in the configured allowlist
#   data.aispm.config.approved_models, by its public name or its provider model. With no allowlist configured the control
#   passes.
# custom:
#   id: unapproved_model
#   severity: medium
#   resource_kind: model
#   frameworks:
#     - owasp-llm:LLM03
#     - nist-ai-rmf:GOVERN-1.6
#   remediation: |
#     Remove the deployment or add it to the approved list (AiSpm config `approved_models`).
#     LiteLLM API: `curl -X POST $LITELLM/model/delete -H "Authorization: Bearer $MASTER_KEY" -H 'Content-Type: application/json'
#     -d '{"id":"MODEL_ID"}'`
package aispm.controls.litellm_unapproved_model

import rego.v1

deny contains msg if {
	is_array(data.aispm.config.approved_models)
	not approved
	msg := sprintf("model %s (%s) is not on the approved list", [input.Model_name, object.get(input, ["Litellm_params", "Model"], "?")])
}

approved if input.Model_name in data.aispm.config.approved_models

approved if input.Litellm_params.Model in data.aispm.config.approved_models
