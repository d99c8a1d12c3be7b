import { Anchor, Badge, Button, Code, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import type { ControlDetail } from '../../api/types';
import { num } from '../../api/types';
import { useSession } from '../../auth/session';
import { Markdown } from '../../components/Markdown';
import { QueryState } from '../../components/QueryState';
import { SeverityBadge } from '../../components/SeverityBadge';
import { formatTime } from '../../components/time';
import { ResultsTable } from './ResultsTable';

const statuses = ['all', 'failing', 'passing', 'error', 'excepted'] as const;

export default function ControlPage() {
  const { id = '' } = useParams();
  const { api, can } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'all';
  const detail = useQuery({
    queryKey: ['control', id],
    queryFn: () => api.get<ControlDetail>('/spm/api/controls/' + encodeURIComponent(id)),
  });
  const d = detail.data;
  const results = (d?.results ?? []).filter((r) => status === 'all' || r.status === status);
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/controls" size="sm">
        ← Controls
      </Anchor>
      <QueryState isPending={detail.isPending} error={detail.error}>
        {d && (
          <>
            <Group justify="space-between" wrap="wrap">
              <Title order={2} style={{ overflowWrap: 'anywhere' }}>
                {d.control.title}
              </Title>
              {can('admin') && (
                <Button component={Link} to={`/controls/new?from=${encodeURIComponent(d.control.id)}`} size="compact-sm" variant="outline">
                  {d.control.source === 'custom' ? 'Edit' : 'Copy as custom control'}
                </Button>
              )}
            </Group>
            <Group gap="xs" wrap="wrap">
              <SeverityBadge severity={d.control.severity} />
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {d.control.id} · {d.control.source} · resource kind {d.control.resourceKind}
                {d.resourceId ? ` (${d.resourceId})` : ''}
                {d.control.version !== null && d.control.version !== undefined ? ` · version ${num(d.control.version)}` : ''}
              </Text>
            </Group>
            <Group gap={4} wrap="wrap" role="group" aria-label="Frameworks">
              {(d.control.frameworks ?? []).map((f) => (
                <Badge key={f} variant="outline" color="dark" size="sm" style={{ textTransform: 'none' }}>
                  {f}
                </Badge>
              ))}
              {d.prowler && (
                <Badge variant="outline" color="dark" size="sm" style={{ textTransform: 'none' }}>
                  prowler: {d.prowler}
                </Badge>
              )}
            </Group>
            <Text size="sm" data-testid="control-counts">
              {num(d.control.failing)} failing, {num(d.control.passing)} passing, {num(d.control.error)} error, {num(d.control.excepted)} excepted
            </Text>
            {d.description && <Markdown source={d.description} />}
            <Title order={3} size="h4">
              Remediation
            </Title>
            {d.remediation ? <Markdown source={d.remediation} /> : <Text size="sm">None given.</Text>}
            <Title order={3} size="h4">
              Results
            </Title>
            <SegmentedControl
              aria-label="Result status"
              data={[...statuses]}
              value={status}
              onChange={(s) => setParams(s === 'all' ? {} : { status: s }, { replace: true })}
              style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
            />
            <ResultsTable label="Every resource's result" results={results} />
            <Title order={3} size="h4">
              Rego
            </Title>
            <Code block tabIndex={0} aria-label="Rego source" style={{ maxHeight: 480, overflow: 'auto' }}>
              {d.rego}
            </Code>
            {d.test && (
              <details>
                <summary>Tests</summary>
                <Code block tabIndex={0} aria-label="Rego tests" style={{ maxHeight: 480, overflow: 'auto' }}>
                  {d.test}
                </Code>
              </details>
            )}
            {(d.versions ?? []).length > 0 && (
              <>
                <Title order={3} size="h4">
                  Versions
                </Title>
                {(d.versions ?? []).map((v) => (
                  <Text key={String(v.version)} size="sm">
                    {num(v.version)}: {v.deleted ? 'deleted' : 'saved'} by {v.by}, {formatTime(v.at)}
                  </Text>
                ))}
              </>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
