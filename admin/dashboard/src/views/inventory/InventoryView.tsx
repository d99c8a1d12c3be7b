import { SegmentedControl, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { query } from '../../api/client';
import type { InventoryResponse } from '../../api/types';
import { num } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { formatTime } from '../../components/time';
import { ScrollTable } from '../../components/ScrollTable';

const kinds = ['all', 'gateway', 'key', 'model', 'route', 'team'] as const;

export default function InventoryView() {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? 'all';
  const items = useQuery({
    queryKey: ['inventory', kind],
    queryFn: () => api.get<InventoryResponse>('/spm/api/inventory' + query({ kind: kind === 'all' ? null : kind })),
  });
  return (
    <Stack gap="sm">
      <Title order={2}>Inventory</Title>
      <SegmentedControl
        aria-label="Kind"
        data={[...kinds]}
        value={kind}
        onChange={(k) => setParams(k === 'all' ? {} : { kind: k })}
        style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
      />
      <QueryState isPending={items.isPending} error={items.error}>
        <ScrollTable minWidth={520} label="What the gateways have seen in use">
          <Table striped aria-label="What the gateways have seen in use">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Name</Table.Th>
                <Table.Th ta="right">Events</Table.Th>
                <Table.Th>First seen</Table.Th>
                <Table.Th>Last seen</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(items.data?.items ?? []).map((i) => (
                <Table.Tr key={i.kind + ':' + i.name}>
                  <Table.Td>{i.kind}</Table.Td>
                  <Table.Td>{i.name}</Table.Td>
                  <Table.Td ta="right">{num(i.eventCount)}</Table.Td>
                  <Table.Td>{formatTime(i.firstSeen)}</Table.Td>
                  <Table.Td>{formatTime(i.lastSeen)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </QueryState>
    </Stack>
  );
}
