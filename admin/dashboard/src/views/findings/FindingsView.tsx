import { Button, Group, Select, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { FindingPage } from '../../api/types';
import { findingStatuses, num, severities } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { SeverityBadge } from '../../components/SeverityBadge';
import { formatTime } from '../../components/time';
import { allFindings, download, findingsPath, toCsv, type ServerFilter } from './findingsQuery';
import { ScrollTable } from '../../components/ScrollTable';
import { SavedViews } from './SavedViews';

const pageSize = 50;

/** Moves focus between the rows' links with the arrow keys (Tab still walks every control). */
function onTableKey(e: KeyboardEvent<HTMLTableSectionElement>) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const links = Array.from(e.currentTarget.querySelectorAll<HTMLAnchorElement>('a[data-row-link]'));
  const i = links.indexOf(document.activeElement as HTMLAnchorElement);
  const next = links[e.key === 'ArrowDown' ? Math.min(i + 1, links.length - 1) : Math.max(i - 1, 0)];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}

export default function FindingsView() {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const cursor = params.get('cursor');
  const text = params.get('q') ?? '';
  const findings = useQuery({
    queryKey: ['findings', params.get('status'), params.get('severity'), params.get('type'), cursor],
    queryFn: () => api.get<FindingPage>(findingsPath(params, pageSize, cursor)),
    placeholderData: keepPreviousData,
  });

  const set = (changes: Record<string, string | null>) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      if (!('cursor' in changes)) next.delete('cursor');
      return next;
    });
  const filterBy = (key: ServerFilter, value: string) => set({ [key]: value });

  const needle = text.toLowerCase();
  const rows = (findings.data?.items ?? []).filter(
    (f) => !needle || [f.title, f.principal, f.team, f.keyAlias, f.category, ...(f.ruleIds ?? []), ...(f.models ?? [])].some((v) => v?.toLowerCase().includes(needle)),
  );

  const exportAs = async (format: 'csv' | 'json') => {
    setExporting(true);
    try {
      const items = await allFindings(api, params);
      if (format === 'csv') download('findings.csv', 'text/csv', toCsv(items));
      else download('findings.json', 'application/json', JSON.stringify(items, null, 2));
    } finally {
      setExporting(false);
    }
  };

  const filterCell = (key: ServerFilter, value: string, label?: ReactNode) => (
    <UnstyledButton onClick={() => filterBy(key, value)} aria-label={`Filter by ${key} ${value}`} title={`Filter by ${key}`}>
      {label ?? value}
    </UnstyledButton>
  );

  return (
    <Stack gap="sm">
      <Title order={2}>Findings</Title>
      <SavedViews />
      <Group gap="xs" align="end" wrap="wrap">
        <Select label="Status" data={[...findingStatuses]} value={params.get('status')} onChange={(v) => set({ status: v })} clearable w={150} />
        <Select label="Severity" data={[...severities]} value={params.get('severity')} onChange={(v) => set({ severity: v })} clearable w={130} />
        <TextInput label="Type" value={params.get('type') ?? ''} onChange={(e) => set({ type: e.currentTarget.value || null })} w={220} placeholder="prompt_injection_activity" />
        <TextInput label="Search this page" value={text} onChange={(e) => set({ q: e.currentTarget.value || null, cursor })} w={200} />
        <Button variant="default" onClick={() => setParams(new URLSearchParams())}>
          Clear filters
        </Button>
        <Button variant="default" loading={exporting} onClick={() => void exportAs('csv')}>
          Export CSV
        </Button>
        <Button variant="default" loading={exporting} onClick={() => void exportAs('json')}>
          Export JSON
        </Button>
      </Group>
      <QueryState isPending={findings.isPending} error={findings.error}>
        <ScrollTable minWidth={760} label="Findings, most recently seen first">
          <Table
            striped
            highlightOnHover
            verticalSpacing={4}
            aria-label="Findings, most recently seen first"
            // The previous filter's rows stay on screen, dimmed, until the new page arrives; aria-busy says so.
            aria-busy={findings.isPlaceholderData}
            style={{ opacity: findings.isPlaceholderData ? 0.55 : 1 }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Finding</Table.Th>
                <Table.Th>Severity</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Principal</Table.Th>
                <Table.Th>Team</Table.Th>
                <Table.Th ta="right">Events</Table.Th>
                <Table.Th>Last seen</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody onKeyDown={onTableKey}>
              {rows.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>
                    <Link to={`/findings/${encodeURIComponent(f.id)}`} data-row-link>
                      {f.title}
                    </Link>
                  </Table.Td>
                  <Table.Td>{filterCell('severity', f.severity, <SeverityBadge severity={f.severity} />)}</Table.Td>
                  <Table.Td>{filterCell('status', f.status)}</Table.Td>
                  <Table.Td>{filterCell('type', f.type)}</Table.Td>
                  <Table.Td>{f.principal}</Table.Td>
                  <Table.Td>{f.team ?? ''}</Table.Td>
                  <Table.Td ta="right">{num(f.count)}</Table.Td>
                  <Table.Td>{formatTime(f.lastSeen)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
        {rows.length === 0 && <Text c="dimmed">No findings match.</Text>}
        <Group gap="xs">
          <Button variant="default" disabled={!cursor} onClick={() => set({ cursor: null })}>
            First page
          </Button>
          <Button variant="default" disabled={!findings.data?.nextCursor} onClick={() => set({ cursor: findings.data?.nextCursor ?? null })}>
            Next page
          </Button>
        </Group>
      </QueryState>
    </Stack>
  );
}
