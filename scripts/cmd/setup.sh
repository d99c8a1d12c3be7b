# ./aispm setup: prerequisites only.
ensure_prereqs
log "prerequisites are installed"
