import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { Graph } from '../../api/types';

// One colour a kind, in the order of the sorted kinds; each at least 4.5:1 against white (the legend's white text).
const palette = ['#1c5aa6', '#a63c00', '#2b6a2f', '#7a1fa2', '#a61e1e', '#00627a', '#7a5200', '#343a40', '#b0237a', '#3d4db7', '#5c7a00', '#8a3b12', '#006b5a', '#5f3dc4', '#862e9c', '#0b7285'];
const colorOf = (kinds: readonly string[], kind: string) => palette[Math.max(0, kinds.indexOf(kind)) % palette.length] ?? '#495057';

/** The asset graph drawn by Cytoscape (loaded with this view only), force-directed; tapping a node selects it. */
export function GraphCanvas({ graph, kinds, selected, onSelect, label }: { graph: Graph; kinds: readonly string[]; selected: string | null; onSelect: (id: string) => void; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<cytoscape.Core | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (!container.current) return;
    const ids = new Set(graph.nodes.map((n) => n.id));
    const instance = cytoscape({
      container: container.current,
      elements: [
        ...graph.nodes.map((n) => ({ data: { id: n.id, label: n.name, kind: n.kind, color: colorOf(kinds, n.kind) } })),
        ...graph.edges
          .filter((e) => e.from && e.to && ids.has(e.from) && ids.has(e.to))
          .map((e, i) => ({ data: { id: `e${i}`, source: e.from ?? '', target: e.to ?? '', label: e.type ?? '' } })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(color)',
            label: 'data(label)',
            'font-size': 10,
            'text-valign': 'bottom',
            'text-margin-y': 3,
            'text-outline-color': '#fff',
            'text-outline-width': 2,
            width: 16,
            height: 16,
          },
        },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#000', width: 22, height: 22 } },
        {
          selector: 'edge',
          style: { width: 1, 'line-color': '#adb5bd', 'target-arrow-color': '#adb5bd', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'arrow-scale': 0.6 },
        },
      ],
      layout: { name: 'cose', animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 60, numIter: 1500, randomize: true, nodeDimensionsIncludeLabels: true },
      wheelSensitivity: 0.3,
      minZoom: 0.05,
      maxZoom: 4,
    });
    instance.on('tap', 'node', (e) => select.current(String(e.target.id())));
    cy.current = instance;
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, [graph, kinds]);

  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    instance.nodes().unselect();
    if (selected) {
      const node = instance.getElementById(selected);
      if (node.nonempty()) node.select();
    }
  }, [selected, graph]);

  return <div ref={container} role="img" aria-label={label} style={{ width: '100%', height: '70vh', minHeight: 360, border: '1px solid #dee2e6', borderRadius: 4 }} />;
}

/** The kinds present, sorted: the legend's order and the colours'. */
export const kindsOf = (graph: Graph): string[] => [...new Set(graph.nodes.map((n) => n.kind))].sort();
export const kindColor = colorOf;
