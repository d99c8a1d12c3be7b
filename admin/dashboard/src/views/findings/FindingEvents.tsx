import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { query } from '../../api/client';
import type { EventPage, Finding } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { formatTime } from '../../components/time';

/** The finding's latest events: same key (or team) and category, newest first, from the events API. */
export function FindingEvents({ finding }: { finding: Finding }) {
  const { api } = useSession();
  const by = finding.keyAlias ? { key: finding.keyAlias } : finding.team ? { team: finding.team } : null;
  const events = useQuery({
    queryKey: ['finding-events', finding.id, finding.revision],
    queryFn: () => api.get<EventPage>('/spm/api/events' + query({ ...by, category: finding.category, limit: 20 })),
    enabled: by !== null,
  });
  if (!by) return <Text c="dimmed">The finding names no key or team to look its events up by.</Text>;
  return (
    <QueryState isPending={events.isPending} error={events.error}>
      <ScrollTable minWidth={640} label="Latest events of this finding">
        <Table striped verticalSpacing={4} aria-label="Latest events of this finding">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Rule</Table.Th>
              <Table.Th>Model</Table.Th>
              <Table.Th>Gateway</Table.Th>
              <Table.Th>Evidence</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(events.data?.items ?? []).map((e) => (
              <Table.Tr key={e.eventId}>
                <Table.Td>{formatTime(e.timestamp)}</Table.Td>
                <Table.Td>{e.action}</Table.Td>
                <Table.Td>{e.ruleId}</Table.Td>
                <Table.Td>{e.model ?? ''}</Table.Td>
                <Table.Td>{e.gatewayId}</Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace" lineClamp={1}>
                    {e.evidence ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </QueryState>
  );
}
