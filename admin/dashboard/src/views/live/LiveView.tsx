import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { DetectionEvent } from '../../api/types';
import { eventActions, severities } from '../../api/types';
import { SeverityBadge } from '../../components/SeverityBadge';
import { formatTime } from '../../components/time';
import { useEventStream } from './useEventStream';
import { ScrollTable } from '../../components/ScrollTable';

const keep = 500;
const filterKeys = ['action', 'severity', 'category', 'team', 'key', 'model'] as const;
type FilterKey = (typeof filterKeys)[number];

function valueOf(e: DetectionEvent, k: FilterKey): string | null | undefined {
  switch (k) {
    case 'key':
      return e.keyAlias;
    default:
      return e[k];
  }
}

export default function LiveView() {
  const [params, setParams] = useSearchParams();
  const [events, setEvents] = useState<DetectionEvent[]>([]);
  const [paused, setPaused] = useState(false);
  const held = useRef<DetectionEvent[]>([]);
  const [heldCount, setHeldCount] = useState(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  const onEvent = useCallback((e: DetectionEvent) => {
    if (pausedRef.current) {
      held.current.push(e);
      setHeldCount(held.current.length);
      return;
    }
    setEvents((list) => [e, ...list].slice(0, keep));
  }, []);
  const state = useEventStream(onEvent);

  const resume = () => {
    const queued = held.current.reverse();
    held.current = [];
    setHeldCount(0);
    setEvents((list) => [...queued, ...list].slice(0, keep));
    setPaused(false);
  };

  const set = (k: FilterKey, v: string | null) =>
    setParams((p) => {
      const n = new URLSearchParams(p);
      if (v) n.set(k, v);
      else n.delete(k);
      return n;
    });
  const visible = events.filter((e) => filterKeys.every((k) => !params.get(k) || valueOf(e, k) === params.get(k)));
  const cell = (k: FilterKey, v: string | null | undefined, label?: ReactNode) =>
    v ? (
      <UnstyledButton onClick={() => set(k, v)} aria-label={`Filter by ${k} ${v}`} title={`Filter by ${k}`}>
        {label ?? v}
      </UnstyledButton>
    ) : (
      ''
    );

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Live events</Title>
        <Group gap="xs">
          <Badge color={state === 'live' ? '#237032' : '#495057'} variant="filled" data-testid="stream-state">
            {state}
          </Badge>
          {paused ? (
            <Button onClick={resume}>Resume ({heldCount} new)</Button>
          ) : (
            <Button variant="default" onClick={() => setPaused(true)}>
              Pause
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="xs" align="end" wrap="wrap">
        <Select label="Action" data={[...eventActions]} value={params.get('action')} onChange={(v) => set('action', v)} clearable w={130} />
        <Select label="Severity" data={[...severities]} value={params.get('severity')} onChange={(v) => set('severity', v)} clearable w={130} />
        {(['category', 'team', 'key', 'model'] as const).map((k) => (
          <TextInput key={k} label={k[0]!.toUpperCase() + k.slice(1)} value={params.get(k) ?? ''} onChange={(e) => set(k, e.currentTarget.value || null)} w={150} />
        ))}
      </Group>
      <Text size="sm" c="dimmed">
        Events stored since this page opened, newest first (the last {keep}).
      </Text>
      <ScrollTable minWidth={760} label="Live detection events">
        <Table striped verticalSpacing={4} aria-label="Live detection events">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Severity</Table.Th>
              <Table.Th>Category</Table.Th>
              <Table.Th>Rule</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Team</Table.Th>
              <Table.Th>Model</Table.Th>
              <Table.Th>Evidence</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {visible.map((e) => (
              <Table.Tr key={e.eventId} data-testid="live-row">
                <Table.Td>{formatTime(e.timestamp)}</Table.Td>
                <Table.Td>{cell('action', e.action)}</Table.Td>
                <Table.Td>{cell('severity', e.severity, <SeverityBadge severity={e.severity} />)}</Table.Td>
                <Table.Td>{cell('category', e.category)}</Table.Td>
                <Table.Td>{e.ruleId}</Table.Td>
                <Table.Td>{cell('key', e.keyAlias)}</Table.Td>
                <Table.Td>{cell('team', e.team)}</Table.Td>
                <Table.Td>{cell('model', e.model)}</Table.Td>
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
      {visible.length === 0 && <Text c="dimmed">Waiting for events…</Text>}
    </Stack>
  );
}
