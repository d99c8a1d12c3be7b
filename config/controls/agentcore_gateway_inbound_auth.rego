# METADATA
# title: AgentCore gateway requires inbound authorization
# description: >-
#   An AgentCore (MCP) gateway (GetGateway) must authorize its callers: authorizerType CUSTOM_JWT with a discovery URL and
#   allowed audiences or clients, or AWS_IAM. NONE lets anyone on the network call the gateway's tools.
# custom:
#   id: AISPM-AGENTCORE-002
#   severity: high
#   resource_kind: mcp_gateway
#   frameworks:
#     - owasp-agentic:ASI03
#     - owasp-agentic:ASI07
#     - owasp-llm:LLM06
#     - nist-ai-rmf:MANAGE-2.2
#   remediation: |
#     Console: Amazon Bedrock AgentCore > Gateways > (gateway) > Edit > Inbound auth: JSON Web Tokens (discovery URL, allowed audiences) or IAM.
#     AWS CLI: `aws bedrock-agentcore-control update-gateway --gateway-identifier ID --name NAME --role-arn ROLE --protocol-type MCP
#     --authorizer-type CUSTOM_JWT --authorizer-configuration 'customJWTAuthorizer={discoveryUrl=https://IDP/.well-known/openid-configuration,allowedAudience=[gateway]}'`
package aispm.controls.agentcore_gateway_inbound_auth

import rego.v1

deny contains msg if {
	not input.AuthorizerType in {"CUSTOM_JWT", "AWS_IAM"}
	msg := sprintf("gateway %s has no inbound authorization (authorizerType %v)", [input.Name, object.get(input, "AuthorizerType", "unset")])
}

deny contains msg if {
	input.AuthorizerType == "CUSTOM_JWT"
	not jwt_restricted
	msg := sprintf("gateway %s accepts JWTs without a discovery URL and an allowed audience, client or scope", [input.Name])
}

jwt_restricted if {
	jwt := input.AuthorizerConfiguration.CustomJWTAuthorizer
	jwt.DiscoveryUrl
	count(array.concat(array.concat(object.get(jwt, "AllowedAudience", []), object.get(jwt, "AllowedClients", [])), object.get(jwt, "AllowedScopes", []))) > 0
}
