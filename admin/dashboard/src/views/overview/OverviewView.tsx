import { Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import type { ApiClient } from '../../api/client';
import { query } from '../../api/client';
import type { DetectionEvent, EventPage, FindingPage, Health, InventoryResponse } from '../../api/types';
import { num, severities } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { SeverityBadge } from '../../components/SeverityBadge';
import { formatTime } from '../../components/time';
import type { CategorySeries } from './CategoryChart';
import { ScrollTable } from '../../components/ScrollTable';

const CategoryChart = lazy(() => import('./CategoryChart'));
const hour = 3600_000;

/** Blocked events since `from`, newest first, at most `maxPages` pages of 1000 (the API's page cap). */
async function blockedSince(api: ApiClient, from: Date, maxPages = 20): Promise<{ items: DetectionEvent[]; complete: boolean }> {
  const items: DetectionEvent[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: EventPage = await api.get<EventPage>('/spm/api/events' + query({ action: 'blocked', from: from.toISOString(), limit: 1000, cursor }));
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return { items, complete: true };
  }
  return { items, complete: false };
}

function perCategory(week: DetectionEvent[]): CategorySeries {
  const since = Date.now() - 24 * hour;
  const counts = new Map<string, [number, number]>();
  for (const e of week) {
    const c = counts.get(e.category) ?? [0, 0];
    c[1]++;
    if (Date.parse(e.timestamp) >= since) c[0]++;
    counts.set(e.category, c);
  }
  const categories = [...counts.keys()].sort((a, b) => counts.get(b)![1] - counts.get(a)![1]);
  return { categories, day: categories.map((c) => counts.get(c)![0]), week: categories.map((c) => counts.get(c)![1]) };
}

export default function OverviewView() {
  const { api } = useSession();
  const open = useQuery({
    queryKey: ['overview', 'open-by-severity'],
    queryFn: async () =>
      Promise.all(
        severities.map(async (s) => {
          const page = await api.get<FindingPage>('/spm/api/findings' + query({ status: 'open', severity: s, limit: 1000 }));
          return { severity: s, count: page.items.length, more: Boolean(page.nextCursor) };
        }),
      ),
  });
  const blocked = useQuery({ queryKey: ['overview', 'blocked-7d'], queryFn: () => blockedSince(api, new Date(Date.now() - 7 * 24 * hour)) });
  const keys = useQuery({ queryKey: ['inventory', 'key'], queryFn: () => api.get<InventoryResponse>('/spm/api/inventory?kind=key') });
  const gateways = useQuery({ queryKey: ['inventory', 'gateway'], queryFn: () => api.get<InventoryResponse>('/spm/api/inventory?kind=gateway') });
  const health = useQuery({ queryKey: ['health'], queryFn: () => api.get<Health>('/spm/health') });
  const topKeys = [...(keys.data?.items ?? [])].sort((a, b) => num(b.eventCount) - num(a.eventCount)).slice(0, 5);

  return (
    <Stack gap="md">
      <Title order={2}>Overview</Title>
      <Paper withBorder p="sm">
        <Title order={3} size="h5" mb="xs">
          Open findings by severity
        </Title>
        <QueryState isPending={open.isPending} error={open.error}>
          <SimpleGrid cols={{ base: 2, xs: 3, sm: 5 }}>
            {open.data?.map((s) => (
              <UnstyledButton key={s.severity} component={Link} to={`/findings?status=open&severity=${s.severity}`}>
                <Group gap="xs">
                  <SeverityBadge severity={s.severity} />
                  <Text fw={700} size="xl" data-testid={`open-${s.severity}`}>
                    {s.count}
                    {s.more ? '+' : ''}
                  </Text>
                  <VisuallyHidden>open findings</VisuallyHidden>
                </Group>
              </UnstyledButton>
            ))}
          </SimpleGrid>
        </QueryState>
      </Paper>
      <Paper withBorder p="sm">
        <Title order={3} size="h5" mb="xs">
          Blocked attacks per category
        </Title>
        <QueryState isPending={blocked.isPending} error={blocked.error}>
          {blocked.data && blocked.data.items.length > 0 ? (
            <Suspense fallback={<Loader aria-label="Loading chart" />}>
              <CategoryChart data={perCategory(blocked.data.items)} />
            </Suspense>
          ) : (
            <Text c="dimmed">No blocked attacks in the last 7 days.</Text>
          )}
          {blocked.data && !blocked.data.complete && <Text size="xs">Counted from the newest 20,000 blocked events.</Text>}
        </QueryState>
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            Top keys by events
          </Title>
          <QueryState isPending={keys.isPending} error={keys.error}>
            <ScrollTable minWidth={300} label="Top keys by events">
<Table aria-label="Top keys by events">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Key</Table.Th>
                  <Table.Th ta="right">Events</Table.Th>
                  <Table.Th>Last seen</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {topKeys.map((k) => (
                  <Table.Tr key={k.name}>
                    <Table.Td>{k.name}</Table.Td>
                    <Table.Td ta="right">{num(k.eventCount)}</Table.Td>
                    <Table.Td>{formatTime(k.lastSeen)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
</ScrollTable>
          </QueryState>
        </Paper>
        <Paper withBorder p="sm">
          <Title order={3} size="h5" mb="xs">
            Health
          </Title>
          <QueryState isPending={health.isPending || gateways.isPending} error={health.error ?? gateways.error}>
            <Text size="sm" data-testid="admin-health" style={{ overflowWrap: 'anywhere' }}>
              Admin: {health.data?.status} (storage {health.data?.storage}, version {health.data?.version})
            </Text>
            <ScrollTable minWidth={300} label="Gateways by last event">
<Table aria-label="Gateways by last event">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Gateway</Table.Th>
                  <Table.Th ta="right">Events</Table.Th>
                  <Table.Th>Last event</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(gateways.data?.items ?? []).map((g) => (
                  <Table.Tr key={g.name}>
                    <Table.Td>{g.name}</Table.Td>
                    <Table.Td ta="right">{num(g.eventCount)}</Table.Td>
                    <Table.Td>{formatTime(g.lastSeen)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
</ScrollTable>
          </QueryState>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
