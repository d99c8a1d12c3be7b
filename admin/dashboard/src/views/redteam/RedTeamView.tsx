import { Alert, Anchor, Button, Group, Loader, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorText } from '../../api/client';
import type { RedTeamRun, RedTeamRuns, RunComparison } from '../../api/types';
import { num } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { ScrollTable } from '../../components/ScrollTable';
import { formatTime } from '../../components/time';
import { delta, falsePositives, overallDetection, percent } from './rates';

const RateChart = lazy(() => import('./RateChart'));
const runColor = '#364fc7';
const baselineColor = '#868e96';

/** Starts a run of a named corpus (analyst): in process through the detector stack, or through a gateway. */
function StartRun({ onDone }: { onDone: (run: RedTeamRun) => void }) {
  const { api } = useSession();
  const [mode, setMode] = useState<'inprocess' | 'gateway'>('inprocess');
  const [corpus, setCorpus] = useState('builtin');
  const [gateway, setGateway] = useState('');
  const run = useMutation({
    mutationFn: () =>
      api.send<RedTeamRun>('POST', '/spm/api/redteam/run', mode === 'gateway' ? { mode, corpus, gateway: { baseUrl: gateway } } : { mode, corpus }),
    onSuccess: (r) => onDone(r.data),
  });
  return (
    <Stack gap={6}>
      <Group gap="xs" align="end" wrap="wrap">
        <SegmentedControl
          aria-label="Run mode"
          value={mode}
          onChange={(v) => setMode(v === 'gateway' ? 'gateway' : 'inprocess')}
          data={[
            { value: 'inprocess', label: 'In process' },
            { value: 'gateway', label: 'Through a gateway' },
          ]}
        />
        <TextInput label="Corpus" value={corpus} onChange={(e) => setCorpus(e.currentTarget.value)} w={140} />
        {mode === 'gateway' && <TextInput label="Gateway URL" value={gateway} onChange={(e) => setGateway(e.currentTarget.value)} w={240} placeholder="http://127.0.0.1:8080/" />}
        <Button onClick={() => run.mutate()} loading={run.isPending}>
          Start run
        </Button>
      </Group>
      {run.data && (
        <Text size="sm" role="status">
          Run {run.data.data.id} finished: {num(run.data.data.rows)} rows, detection {percent(overallDetection(run.data.data))}, false positives {percent(num(run.data.data.benign?.fpr))}.
        </Text>
      )}
      {run.error && (
        <Alert color="red" role="alert" title="The run did not start" style={{ whiteSpace: 'pre-wrap' }}>
          {errorText(run.error)}
        </Alert>
      )}
    </Stack>
  );
}

/** One run: detection per category as a chart and a table, the benign false-positive rate and the rows behind it. */
function RunDetail({ id }: { id: string }) {
  const { api } = useSession();
  const run = useQuery({ queryKey: ['redteam', 'run', id], queryFn: () => api.get<RedTeamRun>(`/spm/api/redteam/runs/${encodeURIComponent(id)}`) });
  const r = run.data;
  const fps = r ? falsePositives(r) : [];
  const categories = r?.categories ?? [];
  const benign = { total: num(r?.benign?.total), flagged: num(r?.benign?.flagged), fpr: num(r?.benign?.fpr) };
  return (
    <QueryState isPending={run.isPending} error={run.error}>
      {r && (
        <Stack gap="xs">
          <Title order={3} size="h4">
            Run {r.id}
          </Title>
          <Text size="sm">
            {r.corpus} · {r.mode} against {r.target} · started {formatTime(r.startedAt)}
            {r.startedBy ? ` by ${r.startedBy}` : ''} · {num(r.rows)} rows, {num(r.errors)} errors, {num(r.skipped)} skipped · p50 {num(r.latencyP50Ms)} ms
          </Text>
          <Suspense fallback={<Loader aria-label="Loading chart" />}>
            <RateChart
              categories={[...categories.map((c) => c.name), 'benign (false positives)']}
              series={[{ name: 'this run', values: [...categories.map((c) => num(c.rate)), benign.fpr], color: runColor }]}
              label={`Detection rate per category and false-positive rate on benign rows of run ${r.id}`}
            />
          </Suspense>
          <ScrollTable minWidth={420} label={`Detection per category of run ${r.id}`}>
            <Table striped aria-label={`Detection per category of run ${r.id}`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Category</Table.Th>
                  <Table.Th ta="right">Attack rows</Table.Th>
                  <Table.Th ta="right">Detected</Table.Th>
                  <Table.Th ta="right">Rate</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {categories.map((c) => (
                  <Table.Tr key={c.name}>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td ta="right">{num(c.total)}</Table.Td>
                    <Table.Td ta="right">{num(c.detected)}</Table.Td>
                    <Table.Td ta="right">{percent(num(c.rate))}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td>benign (flagged = false positive)</Table.Td>
                  <Table.Td ta="right">{benign.total}</Table.Td>
                  <Table.Td ta="right">{benign.flagged}</Table.Td>
                  <Table.Td ta="right">{percent(benign.fpr)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </ScrollTable>
          {fps.length > 0 && (
            <Text size="sm">
              False positives: {fps.map((f) => `${f.id}${f.rule ? ` (${f.rule})` : ''}`).join(', ')}
            </Text>
          )}
        </Stack>
      )}
    </QueryState>
  );
}

/** A run against a baseline: both runs' rates per category side by side, the change, and the rows that flipped. */
function Compare({ id, baseline }: { id: string; baseline: string }) {
  const { api } = useSession();
  const cmp = useQuery({
    queryKey: ['redteam', 'compare', id, baseline],
    queryFn: () => api.get<RunComparison>(`/spm/api/redteam/runs/${encodeURIComponent(id)}/compare/${encodeURIComponent(baseline)}`),
  });
  const c = cmp.data;
  return (
    <QueryState isPending={cmp.isPending} error={cmp.error}>
      {c && (
        <Stack gap="xs">
          <Title order={3} size="h4">
            {c.runId} against {c.baselineId}
          </Title>
          <Suspense fallback={<Loader aria-label="Loading chart" />}>
            <RateChart
              categories={[...c.categories.map((x) => x.name), 'benign (false positives)']}
              series={[
                { name: 'baseline', values: [...c.categories.map((x) => (x.baseline ? num(x.baseline.rate) : null)), num(c.benign.baseline.fpr)], color: baselineColor },
                { name: 'this run', values: [...c.categories.map((x) => (x.run ? num(x.run.rate) : null)), num(c.benign.run.fpr)], color: runColor },
              ]}
              label={`Detection and false-positive rates of run ${c.runId} against baseline ${c.baselineId}`}
            />
          </Suspense>
          <ScrollTable minWidth={460} label="Rates then and now">
            <Table striped aria-label="Rates then and now">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Category</Table.Th>
                  <Table.Th ta="right">Baseline</Table.Th>
                  <Table.Th ta="right">This run</Table.Th>
                  <Table.Th ta="right">Change</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.categories.map((x) => (
                  <Table.Tr key={x.name}>
                    <Table.Td>{x.name}</Table.Td>
                    <Table.Td ta="right">{x.baseline ? percent(num(x.baseline.rate)) : '–'}</Table.Td>
                    <Table.Td ta="right">{x.run ? percent(num(x.run.rate)) : '–'}</Table.Td>
                    <Table.Td ta="right">{delta(num(x.rateDelta))}</Table.Td>
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Td>false positives (benign)</Table.Td>
                  <Table.Td ta="right">{percent(num(c.benign.baseline.fpr))}</Table.Td>
                  <Table.Td ta="right">{percent(num(c.benign.run.fpr))}</Table.Td>
                  <Table.Td ta="right">{delta(num(c.benign.fprDelta))}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <Text size="sm" data-testid="flipped-count">
            {c.flipped.length === 0 ? 'No row changed its outcome.' : `${c.flipped.length} rows changed their outcome:`}
          </Text>
          {c.flipped.length > 0 && (
            <ScrollTable minWidth={560} label="Rows whose outcome changed">
              <Table striped aria-label="Rows whose outcome changed">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Row</Table.Th>
                    <Table.Th>Category</Table.Th>
                    <Table.Th>Before</Table.Th>
                    <Table.Th>After</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {c.flipped.map((f) => (
                    <Table.Tr key={f.id}>
                      <Table.Td>{f.id}</Table.Td>
                      <Table.Td>{f.category}</Table.Td>
                      <Table.Td>
                        {f.before}
                        {f.ruleBefore ? ` (${f.ruleBefore})` : ''}
                      </Table.Td>
                      <Table.Td>
                        {f.after}
                        {f.ruleAfter ? ` (${f.ruleAfter})` : ''}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
        </Stack>
      )}
    </QueryState>
  );
}

/**
 * Red team: the runs with their detection and false-positive rates, one run's figures per category, and two runs
 * compared. The selected run and its baseline live in the URL (?run=&baseline=), so a link reproduces the view.
 */
export default function RedTeamView() {
  const { api, can } = useSession();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const selected = params.get('run');
  const baseline = params.get('baseline');
  const runs = useQuery({ queryKey: ['redteam', 'runs'], queryFn: () => api.get<RedTeamRuns>('/spm/api/redteam/runs?limit=50') });
  const link = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    return '?' + next.toString();
  };

  return (
    <Stack gap="sm">
      <Title order={2}>Red team</Title>
      {can('analyst') && (
        <StartRun
          onDone={(r) => {
            void client.invalidateQueries({ queryKey: ['redteam', 'runs'] });
            setParams(new URLSearchParams(selected ? { run: r.id, baseline: selected } : { run: r.id }));
          }}
        />
      )}
      <QueryState isPending={runs.isPending} error={runs.error}>
        {(runs.data?.items ?? []).length === 0 ? (
          <Text size="sm">No red-team runs yet.</Text>
        ) : (
          <ScrollTable minWidth={760} label="Red-team runs, newest first">
            <Table striped highlightOnHover aria-label="Red-team runs, newest first">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Run</Table.Th>
                  <Table.Th>Corpus</Table.Th>
                  <Table.Th>Mode</Table.Th>
                  <Table.Th ta="right">Rows</Table.Th>
                  <Table.Th ta="right">Detection</Table.Th>
                  <Table.Th ta="right">False positives</Table.Th>
                  <Table.Th>Per category</Table.Th>
                  <Table.Th>Compare</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(runs.data?.items ?? []).map((r) => (
                  <Table.Tr key={r.id} aria-current={r.id === selected ? 'true' : undefined}>
                    <Table.Td>
                      <Anchor component={Link} to={link({ run: r.id, baseline: null })} aria-label={`Run of ${formatTime(r.startedAt)} (${r.id})`}>
                        {formatTime(r.startedAt)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{r.corpus}</Table.Td>
                    <Table.Td>{r.mode}</Table.Td>
                    <Table.Td ta="right">{num(r.rows)}</Table.Td>
                    <Table.Td ta="right">{percent(overallDetection(r))}</Table.Td>
                    <Table.Td ta="right">{percent(num(r.benign?.fpr))}</Table.Td>
                    <Table.Td>
                      <Text size="xs">{(r.categories ?? []).map((c) => `${c.name} ${percent(num(c.rate))}`).join(' · ')}</Text>
                    </Table.Td>
                    <Table.Td>
                      {selected && selected !== r.id && (
                        <Anchor component={Link} to={link({ baseline: r.id })} size="sm" aria-label={`Compare with ${r.id} as baseline`}>
                          Compare with
                        </Anchor>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </QueryState>
      {selected && baseline && <Compare id={selected} baseline={baseline} />}
      {selected && !baseline && <RunDetail id={selected} />}
    </Stack>
  );
}
