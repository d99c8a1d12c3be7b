import { Anchor, Badge, Button, Code, Group, Paper, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { Finding, FindingPatch } from '../../api/types';
import { findingStatuses, num } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { SeverityBadge } from '../../components/SeverityBadge';
import { formatTime } from '../../components/time';
import { FindingEvents } from './FindingEvents';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function StatusForm({ finding }: { finding: Finding }) {
  const { api } = useSession();
  const client = useQueryClient();
  const [status, setStatus] = useState<string | null>(finding.status === 'open' ? 'acknowledged' : 'open');
  const [reason, setReason] = useState('');
  const change = useMutation({
    mutationFn: (patch: FindingPatch) => api.send<Finding>('PATCH', `/spm/api/findings/${encodeURIComponent(finding.id)}`, patch),
    onSuccess: (r) => {
      client.setQueryData(['finding', finding.id], r.data);
      void client.invalidateQueries({ queryKey: ['findings'] });
      setReason('');
    },
  });
  return (
    <Paper withBorder p="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (status && reason.trim()) change.mutate({ status, reason: reason.trim() });
        }}
      >
        <Stack gap="xs">
          <Title order={3} size="h5">
            Change status
          </Title>
          <Select label="New status" data={[...findingStatuses]} value={status} onChange={setStatus} allowDeselect={false} w={200} />
          <Textarea label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={1000} autosize minRows={2} />
          <Group>
            <Button type="submit" loading={change.isPending} disabled={!reason.trim()}>
              Save status
            </Button>
            {change.error && (
              <Text c="#a61e1e" role="alert">
                {change.error.message}
              </Text>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export default function FindingPage() {
  const { id = '' } = useParams();
  const { api, can } = useSession();
  const finding = useQuery({ queryKey: ['finding', id], queryFn: () => api.get<Finding>(`/spm/api/findings/${encodeURIComponent(id)}`) });
  const f = finding.data;
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/findings" size="sm">
        ← Findings
      </Anchor>
      <QueryState isPending={finding.isPending} error={finding.error}>
        {f && (
          <>
            <Group gap="sm">
              <Title order={2}>{f.title}</Title>
              <SeverityBadge severity={f.severity} />
              <Badge variant="outline" color="dark" data-testid="finding-status">
                {f.status}
              </Badge>
            </Group>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
              <Field label="Type">{f.type}</Field>
              <Field label="Category">{f.category}</Field>
              <Field label="Principal">{f.principal}</Field>
              <Field label="Team">{f.team ?? '—'}</Field>
              <Field label="Events">{num(f.count)}</Field>
              <Field label="First seen">{formatTime(f.firstSeen)}</Field>
              <Field label="Last seen">{formatTime(f.lastSeen)}</Field>
              <Field label="Models">{(f.models ?? []).join(', ') || '—'}</Field>
              <Field label="Rules">{(f.ruleIds ?? []).join(', ') || '—'}</Field>
              <Field label="Tags">{(f.tags ?? []).join(', ') || '—'}</Field>
              {f.statusReason && (
                <Field label="Status set">
                  {f.statusBy} at {formatTime(f.statusAt)}: {f.statusReason}
                </Field>
              )}
            </SimpleGrid>
            <Title order={3} size="h4">
              Evidence (redacted)
            </Title>
            {(f.evidence ?? []).length === 0 ? (
              <Text c="dimmed">No evidence kept.</Text>
            ) : (
              (f.evidence ?? []).map((e, i) => (
                <Code block key={i}>
                  {e}
                </Code>
              ))
            )}
            <Title order={3} size="h4">
              Latest events
            </Title>
            <FindingEvents finding={f} />
            <Title order={3} size="h4">
              Remediation
            </Title>
            <Text>{f.remediation}</Text>
            {can('analyst') && <StatusForm key={String(f.revision)} finding={f} />}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
