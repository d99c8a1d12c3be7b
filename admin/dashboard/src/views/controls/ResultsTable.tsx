import { Badge, List, Table, Text } from '@mantine/core';
import type { ControlResult } from '../../api/types';
import { ScrollTable } from '../../components/ScrollTable';
import { formatTime } from '../../components/time';

// Contrast with white text above 4.5 (WCAG AA).
const statusColors: Record<string, string> = { failing: '#a61e1e', passing: '#2b6a2f', error: '#7a5200', excepted: '#495057' };

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge color={statusColors[status] ?? '#495057'} variant="filled" size="sm" style={{ overflow: 'visible', minWidth: 'max-content' }}>
      {status}
    </Badge>
  );
}

/** Every resource's result of one control, with the reasons it gave. */
export function ResultsTable({ label, results }: { label: string; results: ControlResult[] }) {
  if (results.length === 0) return <Text size="sm">No resources.</Text>;
  return (
    <ScrollTable minWidth={640} label={label}>
      <Table striped aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Status</Table.Th>
            <Table.Th>Resource</Table.Th>
            <Table.Th>Reasons</Table.Th>
            <Table.Th>Evaluated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.map((r) => (
            <Table.Tr key={r.resourceId}>
              <Table.Td>
                <StatusBadge status={r.status} />
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.resourceId}</Table.Td>
              <Table.Td>
                {(r.reasons ?? []).length > 0 ? (
                  <List size="sm">
                    {(r.reasons ?? []).map((x, i) => (
                      <List.Item key={i}>{x}</List.Item>
                    ))}
                  </List>
                ) : (
                  <Text size="sm">{r.message ?? (r.exceptionId ? `exception ${r.exceptionId}` : '')}</Text>
                )}
              </Table.Td>
              <Table.Td>{formatTime(r.evaluatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
