import { Alert, Anchor, Button, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../api/client';
import type { ControlDetail, ControlEvaluate, ControlRequest } from '../../api/types';
import { useSession } from '../../auth/session';
import { ResultsTable } from './ResultsTable';

const template = `# METADATA
# title: My control
# description: What must hold, and why.
# custom:
#   id: CUSTOM-001
#   severity: medium
#   resource_kind: guardrail
#   frameworks:
#     - owasp-llm:LLM01
#   remediation: How to fix it.
package aispm.controls.custom_001

import future.keywords

default risky := false
`;

/** The control id a Rego module's metadata declares (custom.id), or ''. */
export const declaredId = (rego: string): string => /^#\s+id:\s*(\S+)\s*$/m.exec(rego)?.[1] ?? '';

export default function ControlEditor() {
  const { api, can } = useSession();
  const [params] = useSearchParams();
  const from = params.get('from');
  const navigate = useNavigate();
  const client = useQueryClient();
  const [rego, setRego] = useState(template);
  const [test, setTest] = useState('');
  const [id, setId] = useState('');
  const source = useQuery({
    queryKey: ['control', from],
    enabled: from !== null,
    queryFn: () => api.get<ControlDetail>('/spm/api/controls/' + encodeURIComponent(from ?? '')),
  });
  useEffect(() => {
    if (source.data) {
      setRego(source.data.rego);
      setTest(source.data.test ?? '');
    }
  }, [source.data]);
  const body = (): ControlRequest => ({ rego, test: test.trim() ? test : null });
  const controlId = id || declaredId(rego);
  const dryRun = useMutation({ mutationFn: () => api.send<ControlEvaluate>('POST', '/spm/api/controls/evaluate', body()) });
  const save = useMutation({
    mutationFn: () => api.send<ControlDetail>('PUT', '/spm/api/controls/' + encodeURIComponent(controlId), body()),
    onSuccess: async (r) => {
      await client.invalidateQueries({ queryKey: ['controls'] });
      await client.invalidateQueries({ queryKey: ['control', r.data.control.id] });
      void navigate('/controls/' + encodeURIComponent(r.data.control.id));
    },
  });
  if (!can('admin')) return <Text>Writing controls needs the admin role.</Text>;
  const failing = (dryRun.data?.data.results ?? []).filter((r) => r.status !== 'passing');
  return (
    <Stack gap="sm">
      <Anchor component={Link} to="/controls" size="sm">
        ← Controls
      </Anchor>
      <Title order={2}>Custom control</Title>
      <Text size="sm">
        Rego with its <code># METADATA</code> (custom.id, severity, resource_kind); a dry run evaluates it against the
        current inventory and stores nothing. A built-in control is changed by saving a copy under a new custom.id.
      </Text>
      <TextInput label="Control id" description="Empty: the id in the metadata" placeholder={declaredId(rego)} value={id} onChange={(e) => setId(e.currentTarget.value)} />
      <Textarea label="Rego" value={rego} onChange={(e) => setRego(e.currentTarget.value)} autosize minRows={12} maxRows={30} styles={{ input: { fontFamily: 'monospace' } }} spellCheck={false} />
      <Textarea label="Tests (optional, a _test.rego module)" value={test} onChange={(e) => setTest(e.currentTarget.value)} autosize minRows={3} maxRows={20} styles={{ input: { fontFamily: 'monospace' } }} spellCheck={false} />
      <Group>
        <Button variant="outline" onClick={() => dryRun.mutate()} loading={dryRun.isPending}>
          Dry run
        </Button>
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!controlId}>
          Save control
        </Button>
      </Group>
      {(dryRun.error ?? save.error) && (
        <Alert color="red" role="alert" title={save.error ? 'Not saved' : 'Dry run refused'} style={{ whiteSpace: 'pre-wrap' }}>
          {errorText((save.error ?? dryRun.error) as Error)}
        </Alert>
      )}
      {dryRun.data && (
        <Stack gap={4}>
          <Title order={3} size="h4">
            Dry run: {failing.length} of {dryRun.data.data.results.length} resources would not pass
          </Title>
          <ResultsTable label="Resources that would not pass" results={failing} />
        </Stack>
      )}
    </Stack>
  );
}
