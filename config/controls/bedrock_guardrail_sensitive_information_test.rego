package aispm.controls.bedrock_guardrail_sensitive_information_test

import rego.v1

import data.aispm.controls.bedrock_guardrail_sensitive_information as control

test_passing_pii_masked_on_output if {
	count(control.deny) == 0 with input as {"Name": "g", "SensitiveInformationPolicy": {"PiiEntities": [
		{"Type": "EMAIL", "Action": "ANONYMIZE", "InputAction": "NONE", "OutputAction": "ANONYMIZE", "InputEnabled": false, "OutputEnabled": true},
	]}}
}

test_failing_no_policy if count(control.deny) == 1 with input as {"Name": "g"}

test_failing_output_disabled if {
	count(control.deny) == 1 with input as {"Name": "g", "SensitiveInformationPolicy": {"PiiEntities": [
		{"Type": "EMAIL", "Action": "BLOCK", "InputAction": "BLOCK", "OutputAction": "BLOCK", "InputEnabled": true, "OutputEnabled": false},
	]}}
}
