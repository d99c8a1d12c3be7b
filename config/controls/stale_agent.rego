# METADATA
# title: Agent key has been used recently
# description: >-
#   A LiteLLM key (an agent's identity at the gateway) with no traffic through the gateways for
#   data.aispm.config.stale_days days (default 14) is a forgotten agent whose credential still works. Read from
#   data.aispm.behaviour.assets[keyId].IdleDays: days since the key's last request in the gateways' traffic summaries,
#   or, for a key never seen, since the stored traffic began (or since discovery first found the key, if later). A key
#   without a behaviour entry (no traffic stored at all) is not judged.
# custom:
#   id: stale_agent
#   severity: low
#   resource_kind: key
#   resource_id: "litellm:key:*"
#   frameworks:
#     - owasp-agentic:ASI03
#     - owasp-agentic:ASI10
#     - nist-ai-rmf:MANAGE-2.4
#     - mitre-atlas:AML.T0012
#   remediation: |
#     Confirm with the key's owner that the agent is retired, then block or delete the key:
#     `POST /key/block {"key": "KEY"}` or `POST /key/delete {"keys": ["KEY"]}` on the LiteLLM proxy. A key that must
#     stay should get an expiry (`POST /key/update {"key": "KEY", "duration": "30d"}`) so it cannot outlive its agent.
package aispm.controls.stale_agent

import rego.v1

deny contains msg if {
	behaviour.IdleDays >= stale_days
	msg := sprintf("key %s: no traffic for %v days (limit %v; last seen %v)", [data.aispm.resource.Name, behaviour.IdleDays, stale_days, last_seen])
}

behaviour := data.aispm.behaviour.assets[data.aispm.resource.Id]

stale_days := object.get(data.aispm.config, "stale_days", 14)

last_seen := behaviour.LastSeen if behaviour.LastSeen != null

else := "never"
