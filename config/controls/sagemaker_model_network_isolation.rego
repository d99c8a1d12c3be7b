# METADATA
# title: SageMaker model runs with network isolation
# description: A SageMaker model (DescribeModel) must have EnableNetworkIsolation true, so its container cannot make outbound network calls.
# custom:
#   id: AISPM-SAGEMAKER-002
#   severity: medium
#   resource_kind: model
#   resource_id: "arn:aws:sagemaker:*:model/*"
#   frameworks:
#     - owasp-llm:LLM03
#     - nist-ai-rmf:MANAGE-2.2
#     - mitre-atlas:AML.T0025
#   prowler: sagemaker_models_network_isolation_enabled
#   remediation: |
#     Models are immutable: create the model again with isolation and point the endpoint config at it.
#     Console: SageMaker AI > Inference > Models > Create model > Network isolation: enabled.
#     AWS CLI: `aws sagemaker create-model --model-name NAME --execution-role-arn ROLE --primary-container file://container.json --enable-network-isolation`
package aispm.controls.sagemaker_model_network_isolation

import rego.v1

# DescribeModel leaves EnableNetworkIsolation out when it is false.
deny contains msg if {
	object.get(input, "EnableNetworkIsolation", false) != true
	msg := sprintf("model %s runs without network isolation", [input.ModelName])
}
