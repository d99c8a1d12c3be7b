package aispm.controls.bedrock_guardrail_kms_test

import rego.v1

import data.aispm.controls.bedrock_guardrail_kms as control

test_passing_cmk if {
	count(control.deny) == 0 with input as {"Name": "g", "GuardrailId": "gr1", "KmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
}

test_failing_no_key if count(control.deny) == 1 with input as {"Name": "g", "GuardrailId": "gr1"}

test_failing_aws_managed_alias if {
	count(control.deny) == 1 with input as {"Name": "g", "KmsKeyArn": "arn:aws:kms:eu-west-1:111122223333:alias/aws/bedrock"}
}
