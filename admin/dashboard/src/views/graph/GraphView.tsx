import { Anchor, Badge, Code, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AssetDetail, Graph } from '../../api/types';
import { useSession } from '../../auth/session';
import { QueryState } from '../../components/QueryState';
import { formatTime } from '../../components/time';
import { GraphCanvas, kindColor, kindsOf } from './GraphCanvas';

function AssetPanel({ id }: { id: string }) {
  const { api } = useSession();
  const asset = useQuery({ queryKey: ['asset', id], queryFn: () => api.get<AssetDetail>('/spm/api/assets/' + encodeURIComponent(id)) });
  const a = asset.data;
  return (
    <Paper withBorder p="sm" aria-label="Selected asset" component="section">
      <QueryState isPending={asset.isPending} error={asset.error}>
        {a && (
          <Stack gap={4}>
            <Title order={3} size="h4" style={{ overflowWrap: 'anywhere' }}>
              {a.asset.name}
            </Title>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {a.asset.kind} · {a.asset.provider}
              {a.asset.account ? ` · ${a.asset.account}` : ''}
              {a.asset.region ? ` · ${a.asset.region}` : ''}
              {a.asset.owner ? ` · owner ${a.asset.owner}` : ''}
            </Text>
            <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
              {a.asset.id}
            </Text>
            <Text size="xs">
              Seen {formatTime(a.asset.firstSeen)} to {formatTime(a.asset.lastSeen)}
            </Text>
            <Text size="sm" fw={600}>
              Findings ({a.findings.length})
            </Text>
            {a.findings.map((f) => (
              <Anchor key={f.id} component={Link} to={`/findings/${encodeURIComponent(f.id)}`} size="sm">
                {f.severity}: {f.title}
              </Anchor>
            ))}
            <Text size="sm" fw={600}>
              Edges: {a.edgesOut.length} out, {a.edgesIn.length} in
            </Text>
            {[...a.edgesOut.map((e) => `${e.type ?? ''} → ${e.to ?? ''}`), ...a.edgesIn.map((e) => `${e.from ?? ''} → ${e.type ?? ''}`)].slice(0, 20).map((t, i) => (
              <Text key={i} size="xs" style={{ overflowWrap: 'anywhere' }}>
                {t}
              </Text>
            ))}
            <details>
              <summary>Document</summary>
              <Code block style={{ maxHeight: 320, overflow: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {JSON.stringify(a.asset.document ?? {}, null, 2)}
              </Code>
            </details>
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}

export default function GraphView() {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? '';
  const selected = params.get('asset');
  const graph = useQuery({ queryKey: ['graph'], queryFn: () => api.get<Graph>('/spm/api/graph?limit=2000') });
  const kinds = useMemo(() => (graph.data ? kindsOf(graph.data) : []), [graph.data]);
  const shown = useMemo((): Graph | undefined => {
    if (!graph.data || !kind) return graph.data;
    // A kind's nodes with their direct neighbours, so the filtered picture still shows what they touch.
    const ids = new Set(graph.data.nodes.filter((n) => n.kind === kind).map((n) => n.id));
    const edges = graph.data.edges.filter((e) => (e.from && ids.has(e.from)) || (e.to && ids.has(e.to)));
    const near = new Set(edges.flatMap((e) => [e.from ?? '', e.to ?? '']));
    return { ...graph.data, nodes: graph.data.nodes.filter((n) => ids.has(n.id) || near.has(n.id)), edges };
  }, [graph.data, kind]);
  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>Asset graph</Title>
        <Anchor component={Link} to="/inventory" size="sm">
          Inventory table
        </Anchor>
      </Group>
      <QueryState isPending={graph.isPending} error={graph.error}>
        {shown && (
          <>
            <Group gap="sm" align="flex-end" wrap="wrap">
              <NativeSelect label="Kind" value={kind} onChange={(e) => set('kind', e.currentTarget.value)} data={[{ value: '', label: 'Every kind' }, ...kinds]} />
              <NativeSelect
                label="Asset"
                value={selected ?? ''}
                onChange={(e) => set('asset', e.currentTarget.value)}
                data={[{ value: '', label: 'None selected' }, ...shown.nodes.map((n) => ({ value: n.id, label: `${n.kind}: ${n.name}` }))]}
                style={{ maxWidth: '100%', minWidth: 0 }}
              />
              <Text size="sm" data-testid="graph-size">
                {shown.nodes.length} assets, {shown.edges.length} edges{graph.data?.truncated ? ' (truncated)' : ''}
              </Text>
            </Group>
            <Group gap={4} wrap="wrap" role="group" aria-label="Colours by kind">
              {kinds.map((k) => (
                <Badge key={k} color={kindColor(kinds, k)} variant="filled" size="sm" style={{ textTransform: 'none' }}>
                  {k}
                </Badge>
              ))}
            </Group>
            <GraphCanvas graph={shown} kinds={kinds} selected={selected} onSelect={(id) => set('asset', id)} label={`Asset graph: ${shown.nodes.length} assets and ${shown.edges.length} edges; choose one in the Asset list`} />
            {selected && <AssetPanel id={selected} />}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
