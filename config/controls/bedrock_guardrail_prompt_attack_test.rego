package aispm.controls.bedrock_guardrail_prompt_attack_test

import rego.v1

import data.aispm.controls.bedrock_guardrail_prompt_attack as control

# GetGuardrail answers, PascalCased.
strong := {"Name": "strong", "GuardrailId": "gr1", "ContentPolicy": {"Filters": [
	{"Type": "PROMPT_ATTACK", "InputStrength": "HIGH", "OutputStrength": "NONE"},
	{"Type": "HATE", "InputStrength": "HIGH", "OutputStrength": "HIGH"},
]}}

test_passing_prompt_attack_high if not control.risky with input as strong

test_failing_prompt_attack_low if {
	control.risky with input as {"Name": "weak", "ContentPolicy": {"Filters": [{"Type": "PROMPT_ATTACK", "InputStrength": "LOW", "OutputStrength": "NONE"}]}}
}

test_failing_no_content_policy if control.risky with input as {"Name": "bare", "GuardrailId": "gr2"}
