# METADATA
# title: SageMaker notebook instance has no direct internet access
# description: A SageMaker notebook instance (DescribeNotebookInstance) must have DirectInternetAccess Disabled and reach the network through its VPC subnet.
# custom:
#   id: AISPM-SAGEMAKER-004
#   severity: medium
#   resource_kind: endpoint
#   resource_id: "arn:aws:sagemaker:*:notebook-instance/*"
#   frameworks:
#     - owasp-llm:LLM02
#     - nist-ai-rmf:MANAGE-2.2
#     - mitre-atlas:AML.T0025
#   prowler: sagemaker_notebook_instance_without_direct_internet_access_configured
#   remediation: |
#     Direct internet access is chosen at creation: create the instance again in a VPC subnet with it disabled.
#     Console: SageMaker AI > Notebooks > Create notebook instance > Network > VPC, Direct internet access: Disable.
#     AWS CLI: `aws sagemaker create-notebook-instance --notebook-instance-name NAME --instance-type ml.t3.medium --role-arn ROLE
#     --subnet-id subnet-1 --security-group-ids sg-1 --direct-internet-access Disabled`
package aispm.controls.sagemaker_notebook_direct_internet

import rego.v1

deny contains msg if {
	object.get(input, "DirectInternetAccess", "Enabled") != "Disabled"
	msg := sprintf("notebook instance %s has direct internet access", [input.NotebookInstanceName])
}
