# METADATA
# title: Bedrock guardrail has denied topics
# description: >-
#   A Bedrock guardrail should define at least one denied topic (TopicPolicy, type DENY) so the application refuses
#   subjects outside its purpose.
# custom:
#   id: AISPM-BEDROCK-GUARDRAIL-004
#   severity: low
#   resource_kind: guardrail
#   resource_id: "arn:aws:bedrock:*:guardrail/*"
#   frameworks:
#     - owasp-llm:LLM06
#     - nist-ai-rmf:MANAGE-2.2
#   remediation: |
#     Console: Amazon Bedrock > Guardrails > (guardrail) > Edit > Denied topics > Add denied topic.
#     AWS CLI: `aws bedrock update-guardrail --guardrail-identifier ID ... --topic-policy-config
#     'topicsConfig=[{name=Investment,definition="Investment advice",type=DENY}]'`
package aispm.controls.bedrock_guardrail_denied_topics

import rego.v1

deny contains msg if {
	count(denied_topics) == 0
	msg := sprintf("guardrail %s has no denied topics", [input.Name])
}

denied_topics contains t.Name if {
	some t in input.TopicPolicy.Topics
	upper(object.get(t, "Type", "DENY")) == "DENY"
}
