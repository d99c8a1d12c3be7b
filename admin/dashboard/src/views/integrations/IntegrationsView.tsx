import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { query } from '../../api/client';
import type { DeadLetterRetry, DeadLetters, DiscoveryConnectors, DiscoveryRun, DiscoveryRuns, SinksResponse } from '../../api/types';
import { num } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { SeverityBadge } from '../../components/SeverityBadge';
import { formatTime } from '../../components/time';

function DeadLetterPanel({ sink, canAdmin }: { sink: string; canAdmin: boolean }) {
  const { api } = useSession();
  const client = useQueryClient();
  const letters = useQuery({
    queryKey: ['sinks', 'dead-letters', sink],
    queryFn: () => api.get<DeadLetters>(`/spm/api/sinks/${encodeURIComponent(sink)}/dead-letters`),
  });
  const retry = useMutation({
    mutationFn: () => api.send<DeadLetterRetry>('POST', `/spm/api/sinks/${encodeURIComponent(sink)}/dead-letters/retry`, {}),
    onSettled: () => client.invalidateQueries({ queryKey: ['sinks'] }),
  });
  const items = letters.data?.items ?? [];
  return (
    <Stack gap={4}>
      <Group gap="sm">
        <Title order={3} size="h4">
          Dead letters of {sink}
        </Title>
        {canAdmin && items.length > 0 && (
          <Button size="compact-sm" onClick={() => retry.mutate()} loading={retry.isPending}>
            Retry all
          </Button>
        )}
      </Group>
      {retry.data && (
        <Text size="sm" role="status">
          Queued {num(retry.data.data.retried)} again.
        </Text>
      )}
      {retry.error && (
        <Alert color="red" role="alert" title="Not retried">
          {retry.error.message}
        </Alert>
      )}
      <QueryState isPending={letters.isPending} error={letters.error}>
        {items.length === 0 ? (
          <Text size="sm">No dead letters.</Text>
        ) : (
          <ScrollTable minWidth={720} label={`Dead letters of ${sink}`}>
            <Table striped aria-label={`Dead letters of ${sink}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Finding</Table.Th>
                  <Table.Th>Severity</Table.Th>
                  <Table.Th>Change</Table.Th>
                  <Table.Th ta="right">Attempts</Table.Th>
                  <Table.Th>Last error</Table.Th>
                  <Table.Th>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((d) => (
                  <Table.Tr key={d.deliveryId}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{d.title}</Table.Td>
                    <Table.Td>
                      <SeverityBadge severity={d.severity} />
                    </Table.Td>
                    <Table.Td>{d.change}</Table.Td>
                    <Table.Td ta="right">{num(d.attempts)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{d.lastError}</Table.Td>
                    <Table.Td>{formatTime(d.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </QueryState>
    </Stack>
  );
}

const runSummary = (r: DiscoveryRun) =>
  `${r.status}: ${num(r.assets)} assets, ${num(r.edges)} edges (${num(r.added)} added, ${num(r.modified)} modified, ${num(r.removed)} removed)`;

export default function IntegrationsView() {
  const { api, can } = useSession();
  const canAdmin = can('admin');
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const sink = params.get('sink');
  const sinks = useQuery({ queryKey: ['sinks'], queryFn: () => api.get<SinksResponse>('/spm/api/sinks'), refetchInterval: 10_000 });
  const connectors = useQuery({ queryKey: ['discovery', 'connectors'], queryFn: () => api.get<DiscoveryConnectors>('/spm/api/discovery/connectors') });
  const runs = useQuery({ queryKey: ['discovery', 'runs'], queryFn: () => api.get<DiscoveryRuns>('/spm/api/discovery/runs?limit=20') });
  const scan = useMutation({
    mutationFn: (connector: string | null) => api.send<DiscoveryRun>('POST', '/spm/api/discovery/run' + query({ connector })),
    onSettled: () => client.invalidateQueries({ queryKey: ['discovery'] }),
  });

  return (
    <Stack gap="sm">
      <Title order={2}>Integrations</Title>
      <Title order={3} size="h4">
        Sinks
      </Title>
      <QueryState isPending={sinks.isPending} error={sinks.error}>
        {(sinks.data?.sinks ?? []).length === 0 ? (
          <Text size="sm">No sinks configured.</Text>
        ) : (
          <ScrollTable minWidth={820} label="Sinks">
            <Table striped aria-label="Sinks">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Sink</Table.Th>
                  <Table.Th>State</Table.Th>
                  <Table.Th>Last delivery</Table.Th>
                  <Table.Th>Last error</Table.Th>
                  <Table.Th ta="right">Backlog</Table.Th>
                  <Table.Th ta="right">Dead letters</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(sinks.data?.sinks ?? []).map((s) => (
                  <Table.Tr key={s.name}>
                    <Table.Td>
                      {s.name}
                      <Text size="xs" c="dimmed">
                        {s.type}
                        {s.enabled ? '' : ', disabled'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{s.state}</Table.Td>
                    <Table.Td>{formatTime(s.lastDeliveryAt)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      {s.lastError}
                      {s.lastErrorAt && (
                        <Text size="xs" c="dimmed">
                          {formatTime(s.lastErrorAt)}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{num(s.backlog)}</Table.Td>
                    <Table.Td ta="right">
                      <Button
                        size="compact-xs"
                        variant={sink === s.name ? 'filled' : 'subtle'}
                        aria-label={`Dead letters of ${s.name}: ${num(s.deadLetters)}`}
                        onClick={() => setParams(sink === s.name ? {} : { sink: s.name }, { replace: true })}
                      >
                        {num(s.deadLetters)}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </QueryState>
      {sink && <DeadLetterPanel sink={sink} canAdmin={canAdmin} />}

      <Group gap="sm">
        <Title order={3} size="h4">
          Discovery connectors
        </Title>
        {canAdmin && (
          <Button size="compact-sm" onClick={() => scan.mutate(null)} loading={scan.isPending && scan.variables === null}>
            Scan now
          </Button>
        )}
      </Group>
      {scan.data && (
        <Text size="sm" role="status">
          Scan {scan.data.data.id} {runSummary(scan.data.data)}
        </Text>
      )}
      {scan.error && (
        <Alert color="red" role="alert" title="No scan">
          {scan.error.message}
        </Alert>
      )}
      <QueryState isPending={connectors.isPending} error={connectors.error}>
        {(connectors.data?.items ?? []).length === 0 ? (
          <Text size="sm">No discovery connectors configured.</Text>
        ) : (
          <ScrollTable minWidth={820} label="Discovery connectors">
            <Table striped aria-label="Discovery connectors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Connector</Table.Th>
                  <Table.Th>Health</Table.Th>
                  <Table.Th>Last scan</Table.Th>
                  <Table.Th>Last success</Table.Th>
                  <Table.Th ta="right">Assets</Table.Th>
                  <Table.Th ta="right">Edges</Table.Th>
                  <Table.Th>Errors</Table.Th>
                  {canAdmin && <Table.Th>Scan</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(connectors.data?.items ?? []).map((c) => (
                  <Table.Tr key={c.name}>
                    <Table.Td>
                      {c.name}
                      <Text size="xs" c="dimmed">
                        {c.type}
                      </Text>
                    </Table.Td>
                    <Table.Td>{c.status}</Table.Td>
                    <Table.Td>{formatTime(c.lastRun)}</Table.Td>
                    <Table.Td>{formatTime(c.lastSuccess)}</Table.Td>
                    <Table.Td ta="right">{num(c.assets)}</Table.Td>
                    <Table.Td ta="right">{num(c.edges)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      {c.lastError}
                      {(c.failedCalls ?? []).map((f, i) => (
                        <Text key={i} size="xs">
                          {f.operation}: {f.code} {f.message}
                        </Text>
                      ))}
                    </Table.Td>
                    {canAdmin && (
                      <Table.Td>
                        <Button size="compact-xs" variant="outline" aria-label={`Scan ${c.name} now`} onClick={() => scan.mutate(c.name)} loading={scan.isPending && scan.variables === c.name}>
                          Scan
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </QueryState>

      <Title order={3} size="h4">
        Discovery runs
      </Title>
      <QueryState isPending={runs.isPending} error={runs.error}>
        <ScrollTable minWidth={720} label="Discovery runs, newest first">
          <Table striped aria-label="Discovery runs, newest first">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Started</Table.Th>
                <Table.Th>Trigger</Table.Th>
                <Table.Th>Connectors</Table.Th>
                <Table.Th>Outcome</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(runs.data?.items ?? []).map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatTime(r.started)}</Table.Td>
                  <Table.Td>{r.trigger}</Table.Td>
                  <Table.Td>{r.connectors.join(', ')}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {runSummary(r)}
                    {r.error ? `; ${r.error}` : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </QueryState>
    </Stack>
  );
}
