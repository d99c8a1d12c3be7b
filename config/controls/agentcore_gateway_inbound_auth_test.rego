package aispm.controls.agentcore_gateway_inbound_auth_test

import rego.v1

import data.aispm.controls.agentcore_gateway_inbound_auth as control

gateway := {
	"GatewayArn": "arn:aws:bedrock-agentcore:eu-west-1:111122223333:gateway/tools-abc", "GatewayId": "tools-abc",
	"GatewayUrl": "https://tools-abc.gateway.bedrock-agentcore.eu-west-1.amazonaws.com/mcp", "Name": "tools",
	"Status": "READY", "RoleArn": "arn:aws:iam::111122223333:role/AgentCoreGateway", "ProtocolType": "MCP",
}

test_passing_jwt if {
	count(control.deny) == 0 with input as object.union(gateway, {"AuthorizerType": "CUSTOM_JWT", "AuthorizerConfiguration": {"CustomJWTAuthorizer": {
		"DiscoveryUrl": "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/openid-configuration",
		"AllowedClients": ["client-1"],
	}}})
}

test_passing_iam if count(control.deny) == 0 with input as object.union(gateway, {"AuthorizerType": "AWS_IAM"})

test_failing_none if count(control.deny) == 1 with input as object.union(gateway, {"AuthorizerType": "NONE"})

test_failing_jwt_without_audience if {
	count(control.deny) == 1 with input as object.union(gateway, {"AuthorizerType": "CUSTOM_JWT", "AuthorizerConfiguration": {"CustomJWTAuthorizer": {"DiscoveryUrl": "https://idp/.well-known/openid-configuration"}}})
}
