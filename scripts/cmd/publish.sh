# ./aispm publish
ensure_prereqs
publish_gateway
