import { Alert, Anchor, Button, Group, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { query } from '../../api/client';
import type { GuardianAction, GuardianActions, GuardianAuditResponse, GuardianDecision, GuardianRunRequest, GuardianRunResult } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { SeverityBadge } from '../../components/SeverityBadge';
import { formatTime } from '../../components/time';

const states = ['all', 'executed', 'failed', 'rejected', 'rolled_back'] as const;
type Step = 'approve' | 'reject' | 'rollback';

function useDecide() {
  const { api } = useSession();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, step, reason }: { id: string; step: Step; reason: string }) => {
      const body: GuardianDecision = { reason: reason.trim() || null };
      return api.send<GuardianAction>('POST', `/spm/api/guardian/actions/${encodeURIComponent(id)}/${step}`, body);
    },
    onSettled: () => client.invalidateQueries({ queryKey: ['guardian'] }),
  });
}

function ActionCells({ a }: { a: GuardianAction }) {
  return (
    <>
      <Table.Td>{a.kind}</Table.Td>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{a.target}</Table.Td>
      <Table.Td>
        <SeverityBadge severity={a.severity} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{a.reason}</Text>
        <Anchor component={Link} to={`/findings/${encodeURIComponent(a.findingId)}`} size="xs">
          {a.findingType}
        </Anchor>
      </Table.Td>
    </>
  );
}

function PendingRow({ a, canWrite }: { a: GuardianAction; canWrite: boolean }) {
  const [reason, setReason] = useState('');
  const decide = useDecide();
  return (
    <Table.Tr>
      <ActionCells a={a} />
      <Table.Td>{formatTime(a.createdAt)}</Table.Td>
      {canWrite && (
        <Table.Td>
          <Stack gap={4}>
            <TextInput size="xs" aria-label={`Reason for ${a.kind} on ${a.target}`} placeholder="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <Group gap={4} wrap="nowrap">
              <Button size="compact-xs" aria-label={`Approve ${a.kind} on ${a.target}`} loading={decide.isPending} onClick={() => decide.mutate({ id: a.id, step: 'approve', reason })}>
                Approve
              </Button>
              <Button size="compact-xs" variant="outline" color="red.9" aria-label={`Reject ${a.kind} on ${a.target}`} loading={decide.isPending} onClick={() => decide.mutate({ id: a.id, step: 'reject', reason })}>
                Reject
              </Button>
            </Group>
            {decide.error && (
              <Text size="xs" c="red.9" role="alert">
                {decide.error.message}
              </Text>
            )}
          </Stack>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function ActionRow({ a, canWrite }: { a: GuardianAction; canWrite: boolean }) {
  const decide = useDecide();
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`?action=${encodeURIComponent(a.id)}`} aria-label={`${a.state}: audit trail of ${a.kind} on ${a.target}`}>
          {a.state}
        </Anchor>
        {a.error && (
          <Text size="xs" c="red.9">
            {a.error}
          </Text>
        )}
      </Table.Td>
      <ActionCells a={a} />
      <Table.Td>
        {formatTime(a.updatedAt)}
        {a.updatedBy ? ` by ${a.updatedBy}` : ''}
      </Table.Td>
      {canWrite && (
        <Table.Td>
          {a.state === 'executed' && a.reversible !== false && (
            <Button size="compact-xs" variant="outline" aria-label={`Roll back ${a.kind} on ${a.target}`} loading={decide.isPending} onClick={() => decide.mutate({ id: a.id, step: 'rollback', reason: '' })}>
              Roll back
            </Button>
          )}
          {decide.error && (
            <Text size="xs" c="red.9" role="alert">
              {decide.error.message}
            </Text>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}

export default function GuardianView() {
  const { api, can } = useSession();
  const client = useQueryClient();
  const canWrite = can('analyst');
  const [params, setParams] = useSearchParams();
  const state = params.get('state') ?? 'all';
  const actionId = params.get('action');
  const pending = useQuery({
    queryKey: ['guardian', 'actions', 'pending'],
    queryFn: () => api.get<GuardianActions>('/spm/api/guardian/actions?state=pending'),
  });
  const actions = useQuery({
    queryKey: ['guardian', 'actions', state],
    queryFn: () => api.get<GuardianActions>('/spm/api/guardian/actions' + query({ state: state === 'all' ? null : state })),
  });
  const audit = useQuery({
    queryKey: ['guardian', 'audit', actionId],
    queryFn: () => api.get<GuardianAuditResponse>('/spm/api/guardian/audit' + query({ actionId, limit: 200 })),
  });
  const run = useMutation({
    mutationFn: (dryRun: boolean) => api.send<GuardianRunResult>('POST', '/spm/api/guardian/run', { dryRun } satisfies GuardianRunRequest),
    onSettled: () => client.invalidateQueries({ queryKey: ['guardian'] }),
  });
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const others = (actions.data?.items ?? []).filter((a) => a.state !== 'pending');

  return (
    <Stack gap="sm">
      <Title order={2}>Guardian</Title>
      <Group gap="sm" wrap="wrap">
        <Text size="sm" data-testid="guardian-mode">
          Mode: {pending.data?.mode ?? '…'}
        </Text>
        {canWrite && (
          <>
            <Button size="compact-sm" onClick={() => run.mutate(false)} loading={run.isPending && run.variables === false}>
              Run a pass
            </Button>
            <Button size="compact-sm" variant="outline" onClick={() => run.mutate(true)} loading={run.isPending && run.variables === true}>
              Dry run
            </Button>
          </>
        )}
      </Group>
      {run.data && (
        <Text size="sm" role="status">
          {run.data.data.dryRun ? 'Dry run' : 'Pass'} ({run.data.data.mode}): {run.data.data.proposed.length} proposed, {run.data.data.executed.length} executed
          {run.data.data.proposed.length > 0 ? ': ' + run.data.data.proposed.map((a) => `${a.kind} on ${a.target}`).join('; ') : ''}
        </Text>
      )}
      {run.error && (
        <Alert color="red" role="alert" title="The pass failed">
          {run.error.message}
        </Alert>
      )}

      <Title order={3} size="h4">
        Pending ({pending.data?.items.length ?? 0})
      </Title>
      <QueryState isPending={pending.isPending} error={pending.error}>
        {(pending.data?.items ?? []).length === 0 ? (
          <Text size="sm">Nothing waits for a decision.</Text>
        ) : (
          <ScrollTable minWidth={760} label="Pending actions">
            <Table striped aria-label="Pending actions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Target</Table.Th>
                  <Table.Th>Severity</Table.Th>
                  <Table.Th>Why</Table.Th>
                  <Table.Th>Proposed</Table.Th>
                  {canWrite && <Table.Th>Decision</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(pending.data?.items ?? []).map((a) => (
                  <PendingRow key={a.id} a={a} canWrite={canWrite} />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </QueryState>

      <Title order={3} size="h4">
        Actions
      </Title>
      <SegmentedControl aria-label="Action state" data={[...states]} value={state} onChange={(s) => set('state', s === 'all' ? null : s)} style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }} />
      <QueryState isPending={actions.isPending} error={actions.error}>
        <ScrollTable minWidth={760} label="Decided actions, newest first">
          <Table striped aria-label="Decided actions, newest first">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>State</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Severity</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Updated</Table.Th>
                {canWrite && <Table.Th>Undo</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {others.map((a) => (
                <ActionRow key={a.id} a={a} canWrite={canWrite} />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </QueryState>

      <Group gap="sm">
        <Title order={3} size="h4">
          Audit trail{actionId ? ` of action ${actionId}` : ''}
        </Title>
        {actionId && (
          <Button size="compact-xs" variant="subtle" onClick={() => set('action', null)}>
            Show every action
          </Button>
        )}
      </Group>
      <QueryState isPending={audit.isPending} error={audit.error}>
        <ScrollTable minWidth={760} label="Audit trail">
          <Table striped aria-label="Audit trail">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Step</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Why</Table.Th>
                <Table.Th>Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(audit.data?.items ?? []).map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{formatTime(e.at)}</Table.Td>
                  <Table.Td>{e.step}</Table.Td>
                  <Table.Td>{e.who}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{e.why}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{e.actionId}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </QueryState>
    </Stack>
  );
}
