# METADATA
# title: SageMaker notebook instance has root access disabled
# description: A SageMaker notebook instance (DescribeNotebookInstance) must have RootAccess Disabled; root lets any user change the instance and its credentials.
# custom:
#   id: AISPM-SAGEMAKER-003
#   severity: medium
#   resource_kind: endpoint
#   resource_id: "arn:aws:sagemaker:*:notebook-instance/*"
#   frameworks:
#     - owasp-agentic:ASI03
#     - nist-ai-rmf:MANAGE-2.2
#   prowler: sagemaker_notebook_instance_root_access_disabled
#   remediation: |
#     Console: SageMaker AI > Notebooks > (instance) > Stop > Edit > Permissions and encryption > Root access: Disable.
#     AWS CLI: `aws sagemaker stop-notebook-instance --notebook-instance-name NAME` then
#     `aws sagemaker update-notebook-instance --notebook-instance-name NAME --root-access Disabled`
package aispm.controls.sagemaker_notebook_root_access

import rego.v1

deny contains msg if {
	object.get(input, "RootAccess", "Enabled") != "Disabled"
	msg := sprintf("notebook instance %s allows root access", [input.NotebookInstanceName])
}
