import { Alert, Button, Code, Group, Paper, Select, SimpleGrid, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { GatewayPolicy, ModeOverride, Suppression } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { formatTime } from '../../components/time';
import { policyDiff, type FieldDiff } from './policyDiff';
import { RowsEditor, type Column } from './RowsEditor';

type RateLimit = NonNullable<GatewayPolicy['rateLimits']>[number];
type TokenLimit = NonNullable<GatewayPolicy['tokenLimits']>[number];
const modes = ['monitor', 'enforce'] as const;

const overrideColumns: Column<ModeOverride>[] = [
  { key: 'team', label: 'Team', kind: 'text', optional: true },
  { key: 'key', label: 'Key', kind: 'text', optional: true },
  { key: 'model', label: 'Model', kind: 'text', optional: true },
  { key: 'route', label: 'Route', kind: 'text', optional: true },
  { key: 'mode', label: 'Mode', kind: 'select', options: modes },
];
const suppressionColumns: Column<Suppression>[] = [
  { key: 'ruleId', label: 'Rule', kind: 'text', optional: false },
  { key: 'team', label: 'Team', kind: 'text', optional: true },
  { key: 'key', label: 'Key', kind: 'text', optional: true },
  { key: 'model', label: 'Model', kind: 'text', optional: true },
  { key: 'reason', label: 'Reason', kind: 'text', optional: true },
];
const rateColumns: Column<RateLimit>[] = [
  { key: 'scope', label: 'Scope', kind: 'select', options: ['key', 'team', 'model'] },
  { key: 'match', label: 'Match', kind: 'text', optional: false },
  { key: 'requestsPerMinute', label: 'Requests per minute', kind: 'number' },
];
const tokenColumns: Column<TokenLimit>[] = [
  { key: 'key', label: 'Key', kind: 'text', optional: false },
  { key: 'tokensPerMinute', label: 'Tokens per minute', kind: 'number' },
];

interface Loaded {
  policy: GatewayPolicy;
  etag: string | null;
}

function PolicyForm({ loaded, readOnly }: { loaded: Loaded; readOnly: boolean }) {
  const { api } = useSession();
  const client = useQueryClient();
  const [draft, setDraft] = useState<GatewayPolicy>(loaded.policy);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ theirs: Loaded; diff: FieldDiff[] } | null>(null);
  const [saved, setSaved] = useState(false);
  const edit = (p: Partial<GatewayPolicy>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...p }));
  };

  const save = async (etag: string | null) => {
    setSaving(true);
    setError(null);
    try {
      const body: GatewayPolicy = { ...draft, updatedAt: null, updatedBy: null };
      const r = await api.send<GatewayPolicy>('PUT', '/spm/api/policies', body, etag ? { 'If-Match': etag } : {});
      setConflict(null);
      setSaved(true);
      client.setQueryData(['policy'], { policy: r.data, etag: r.etag });
      setDraft(r.data);
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        // Someone saved meanwhile: show what differs, and let the user choose; never overwrite silently.
        const theirs = await api.send<GatewayPolicy>('GET', '/spm/api/policies');
        setConflict({ theirs: { policy: theirs.data, etag: theirs.etag }, diff: policyDiff(draft, theirs.data) });
      } else {
        setError(e instanceof Error ? e.message : String(e));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Version {loaded.policy.version}
        {loaded.policy.updatedBy ? `, saved by ${loaded.policy.updatedBy} at ${formatTime(loaded.policy.updatedAt)}` : ''}. Gateways pick a change up within a second or two.
      </Text>
      {readOnly && <Alert color="gray">Your role can read the policy; changing it needs the admin role.</Alert>}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Default mode"
          description="The first matching override below wins; else this; else each gateway's own configuration."
          data={[{ value: 'inherit', label: "each gateway's own" }, ...modes.map((m) => ({ value: m, label: m }))]}
          value={draft.mode ?? 'inherit'}
          onChange={(v) => edit({ mode: v === 'inherit' ? null : v })}
          allowDeselect={false}
          disabled={readOnly}
        />
        <TagsInput
          label="Enabled rule packs"
          description="Empty: every pack the gateway has."
          value={draft.enabledRulePacks ?? []}
          onChange={(v) => edit({ enabledRulePacks: v })}
          disabled={readOnly}
        />
      </SimpleGrid>
      <RowsEditor title="Mode overrides" rows={draft.modeOverrides ?? []} columns={overrideColumns} blank={{ team: '', mode: 'monitor' }} readOnly={readOnly} onChange={(r) => edit({ modeOverrides: r })} />
      <RowsEditor title="Suppressions" rows={draft.suppressions ?? []} columns={suppressionColumns} blank={{ ruleId: '' }} readOnly={readOnly} onChange={(r) => edit({ suppressions: r })} />
      <RowsEditor title="Rate limits" rows={draft.rateLimits ?? []} columns={rateColumns} blank={{ scope: 'key', match: '*', requestsPerMinute: 600 }} readOnly={readOnly} onChange={(r) => edit({ rateLimits: r })} />
      <RowsEditor title="Token limits" rows={draft.tokenLimits ?? []} columns={tokenColumns} blank={{ key: '*', tokensPerMinute: 100000 }} readOnly={readOnly} onChange={(r) => edit({ tokenLimits: r })} />
      {conflict && (
        <Paper withBorder p="sm" role="alert" data-testid="policy-conflict">
          <Title order={3} size="h5">
            Someone saved the policy meanwhile (now version {conflict.theirs.policy.version}); nothing was overwritten
          </Title>
          {conflict.diff.map((d) => (
            <SimpleGrid key={d.field} cols={{ base: 1, sm: 2 }} mt="xs">
              <div>
                <Text size="sm" fw={600}>
                  {d.field}: yours
                </Text>
                <Code block>{d.mine}</Code>
              </div>
              <div>
                <Text size="sm" fw={600}>
                  {d.field}: saved
                </Text>
                <Code block>{d.theirs}</Code>
              </div>
            </SimpleGrid>
          ))}
          <Group mt="sm">
            <Button variant="default" onClick={() => { setDraft(conflict.theirs.policy); client.setQueryData(['policy'], conflict.theirs); setConflict(null); }}>
              Discard mine, load saved
            </Button>
            <Button color="#a61e1e" onClick={() => void save(conflict.theirs.etag)}>
              Save mine over it
            </Button>
          </Group>
        </Paper>
      )}
      {error && (
        <Alert color="red" title="Not saved" role="alert">
          {error}
        </Alert>
      )}
      {!readOnly && (
        <Group>
          <Button onClick={() => void save(loaded.etag)} loading={saving}>
            Save policy
          </Button>
          {saved && (
            <Text c="#237032" role="status">
              Saved as version {loaded.policy.version}.
            </Text>
          )}
        </Group>
      )}
    </Stack>
  );
}

export default function PolicyView() {
  const { api, can } = useSession();
  const policy = useQuery({
    queryKey: ['policy'],
    queryFn: async (): Promise<Loaded> => {
      const r = await api.send<GatewayPolicy>('GET', '/spm/api/policies');
      return { policy: r.data, etag: r.etag };
    },
    staleTime: Infinity,
  });
  return (
    <Stack gap="sm">
      <Title order={2}>Gateway policy</Title>
      <QueryState isPending={policy.isPending} error={policy.error}>
        {policy.data && <PolicyForm loaded={policy.data} readOnly={!can('admin')} />}
      </QueryState>
    </Stack>
  );
}
