import { Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { ControlsResponse, ControlSummary, Posture, PostureScore } from '../../api/types';
import { num, severities } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { SeverityBadge } from '../../components/SeverityBadge';
import { familiesIn, familyName, familyOf } from './frameworks';

const severityRank = (s: string) => {
  const i = (severities as readonly string[]).indexOf(s);
  return i < 0 ? severities.length : i;
};

export function scoreText(s: PostureScore | undefined): string {
  if (!s || s.value === null || s.value === undefined) return 'no resources evaluated';
  return `${Number(s.value).toFixed(1)} %`;
}

function PostureScoreCard({ posture }: { posture: Posture | undefined }) {
  const o = posture?.overall;
  return (
    <Paper withBorder p="sm">
      <Group gap="lg" wrap="wrap">
        <div>
          <Text size="xs" c="dimmed">
            Posture score (passing weight over total, out of 100)
          </Text>
          <Text size="xl" fw={700} data-testid="posture-score">
            {scoreText(o)}
          </Text>
        </div>
        {o &&
          (['passing', 'failing', 'error', 'excepted'] as const).map((k) => (
            <div key={k}>
              <Text size="xs" c="dimmed">
                {k}
              </Text>
              <Text fw={600}>{num(o[k])}</Text>
            </div>
          ))}
      </Group>
    </Paper>
  );
}

function ControlsTable({ label, controls }: { label: string; controls: ControlSummary[] }) {
  return (
    <ScrollTable minWidth={720} label={label}>
      <Table striped aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Control</Table.Th>
            <Table.Th>Severity</Table.Th>
            <Table.Th>Resource</Table.Th>
            <Table.Th ta="right">Failing</Table.Th>
            <Table.Th ta="right">Passing</Table.Th>
            <Table.Th ta="right">Error</Table.Th>
            <Table.Th ta="right">Excepted</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {controls.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Link to={`/controls/${encodeURIComponent(c.id)}`}>{c.title}</Link>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {c.id} · {c.source}
                </Text>
              </Table.Td>
              <Table.Td>
                <SeverityBadge severity={c.severity} />
              </Table.Td>
              <Table.Td>{c.resourceKind}</Table.Td>
              <Table.Td ta="right" fw={num(c.failing) > 0 ? 700 : undefined}>
                {num(c.failing)}
              </Table.Td>
              <Table.Td ta="right">{num(c.passing)}</Table.Td>
              <Table.Td ta="right">{num(c.error)}</Table.Td>
              <Table.Td ta="right">{num(c.excepted)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

export default function ControlsView() {
  const { api, can } = useSession();
  const [params, setParams] = useSearchParams();
  const framework = params.get('framework') ?? '';
  const severity = params.get('severity') ?? '';
  const controls = useQuery({ queryKey: ['controls'], queryFn: () => api.get<ControlsResponse>('/spm/api/controls') });
  const posture = useQuery({ queryKey: ['posture'], queryFn: () => api.get<Posture>('/spm/api/posture') });

  const all = [...(controls.data?.items ?? [])]
    .filter((c) => !severity || c.severity === severity)
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || num(b.failing) - num(a.failing) || a.id.localeCompare(b.id));
  const tags = (controls.data?.items ?? []).flatMap((c) => c.frameworks ?? []);
  const families = familiesIn(tags);
  const shown = framework ? [framework] : families;
  const untagged = all.filter((c) => (c.frameworks ?? []).length === 0);
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Controls</Title>
        {can('admin') && (
          <Button component={Link} to="/controls/new" size="compact-sm" variant="outline">
            New custom control
          </Button>
        )}
      </Group>
      <PostureScoreCard posture={posture.data} />
      <Group gap="sm" align="flex-end">
        <NativeSelect
          label="Framework"
          value={framework}
          onChange={(e) => set('framework', e.currentTarget.value)}
          data={[{ value: '', label: 'All frameworks' }, ...families.map((f) => ({ value: f, label: familyName(f) }))]}
        />
        <NativeSelect
          label="Severity"
          value={severity}
          onChange={(e) => set('severity', e.currentTarget.value)}
          data={[{ value: '', label: 'All severities' }, ...severities.map((s) => ({ value: s, label: s }))]}
        />
      </Group>
      <QueryState isPending={controls.isPending} error={controls.error}>
        {(controls.data?.refused ?? []).length > 0 && (
          <Text size="sm" c="red.8" role="status">
            {controls.data?.refused.length} control file(s) refused:{' '}
            {controls.data?.refused.map((r) => `${r.file}:${num(r.line)} ${r.reason}`).join('; ')}
          </Text>
        )}
        {shown.map((f) => {
          const inFamily = all.filter((c) => (c.frameworks ?? []).some((t) => familyOf(t) === f));
          return (
            <Stack key={f} gap={4}>
              <Title order={3} size="h4">
                {familyName(f)} ({inFamily.length})
              </Title>
              <ControlsTable label={`Controls mapped to ${familyName(f)}`} controls={inFamily} />
            </Stack>
          );
        })}
        {!framework && untagged.length > 0 && (
          <Stack gap={4}>
            <Title order={3} size="h4">
              No framework ({untagged.length})
            </Title>
            <ControlsTable label="Controls mapped to no framework" controls={untagged} />
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
