import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const templates = {
  platform: join(repoRoot, 'infra', 'cloudformation', 'platform.yaml'),
  edge: join(repoRoot, 'infra', 'cloudformation', 'edge.yaml'),
};
export const actionsFile = join(repoRoot, 'infra', 'aws-actions.json');
