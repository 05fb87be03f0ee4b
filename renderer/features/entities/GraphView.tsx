import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EntityType, GraphData, GraphEdge, RelationshipView } from '../../../shared/domain/entity';
import { EvidenceList } from './EvidenceList';
import { GraphRenderer, toCanvasGraph } from './graphCanvas';
import type { CanvasGraph } from './graphCanvas';
import type { EntitiesHost } from './host';
import type { LayoutRequest, LayoutUpdate } from './layoutProtocol';
import { RelationshipForm } from './RelationshipForm';
import { relationshipPeriod } from './relationshipDraft';
import { ENTITY_TYPES, TYPE_COLORS, TYPE_PLURALS, TypeIcon } from './types';
import { useQuery } from './useQuery';

/** Set (performance.mark) when the graph's first frame with every node is on screen; the benchmark reads it. */
export const GRAPH_FIRST_RENDER_MARK = 'entities-graph-first-render';

type Props = {
  host: EntitiesHost;
  /** Node positions from the last time the graph was shown, by entity id. */
  positionCache: Map<string, [number, number]>;
};

/** Entities and relationships as a network: canvas for the picture, lists beside it for keyboards and screen readers. */
export function GraphView({ host, positionCache }: Props) {
  const [types, setTypes] = useState<ReadonlySet<EntityType>>(new Set());
  const [tagId, setTagId] = useState('');
  const [coOccurrence, setCoOccurrence] = useState(false);
  const { data } = useQuery(
    JSON.stringify([host.version, [...types], tagId, coOccurrence]),
    () =>
      host.call('entities.graph', {
        types: types.size > 0 ? [...types] : undefined,
        tagId: tagId || undefined,
        coOccurrence,
        limit: 2000,
      }),
    host.fail,
  );
  const graph = data.status === 'ready' ? data.value : null;
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  const edgeById = useMemo(() => new Map((graph?.edges ?? []).map((e) => [e.id, e])), [graph]);
  const nodeById = useMemo(() => new Map((graph?.nodes ?? []).map((n) => [n.id, n])), [graph]);
  const edge = selectedEdge ? (edgeById.get(selectedEdge) ?? null) : null;

  const toggleType = (t: EntityType) =>
    setTypes((current) => {
      const next = new Set(current);
      if (next.has(t)) next.delete(t);
      else next.add(t);
      return next;
    });

  return (
    <section className="graph-view" data-testid="graph-view" aria-label="Network of entities">
      <aside className="graph-filters" aria-label="Filters">
        <h4>Types</h4>
        <ul className="graph-type-filters">
          {ENTITY_TYPES.map((t) => (
            <li key={t}>
              <label className={`graph-type-toggle${types.size === 0 || types.has(t) ? ' is-on' : ''}`}>
                <input type="checkbox" checked={types.has(t)} onChange={() => toggleType(t)} data-testid={`graph-type-${t}`} />
                <span className="graph-type-dot" style={{ backgroundColor: TYPE_COLORS[t] }} aria-hidden="true" />
                {TYPE_PLURALS[t]}
              </label>
            </li>
          ))}
        </ul>
        <h4>Tag</h4>
        <select value={tagId} onChange={(event) => setTagId(event.target.value)} aria-label="Only entities in passages with this tag" data-testid="graph-tag">
          <option value="">Any tag</option>
          {host.tags.map((t) => (
            <option key={t.id} value={t.id}>
              {t.path.join(' / ')}
            </option>
          ))}
        </select>
        <label className="graph-option">
          <input type="checkbox" checked={coOccurrence} onChange={(event) => setCoOccurrence(event.target.checked)} /> Also link entities that share a passage
        </label>
        <p className="graph-legend muted">
          <span className="legend-line" /> relationship with evidence
          <br />
          <span className="legend-line is-unsupported" /> unsupported (no evidence)
        </p>
        {graph ? (
          <p className="muted graph-stats" data-testid="graph-stats">
            {graph.nodes.length} entities, {graph.edges.length} links
            {graph.truncated ? ' (the best connected; filter to see others)' : ''}
          </p>
        ) : null}
      </aside>
      <div className="graph-stage">
        {graph ? (
          graph.nodes.length === 0 ? (
            <p className="graph-empty muted">No entity to draw{types.size > 0 || tagId ? ' with these filters' : ' yet'}.</p>
          ) : (
            <GraphCanvas
              graph={graph}
              positionCache={positionCache}
              selectedEdge={selectedEdge}
              onNode={host.openEntity}
              onEdge={setSelectedEdge}
            />
          )
        ) : (
          <p className="graph-empty muted">Loading the network…</p>
        )}
      </div>
      <aside className="graph-side" aria-label="Links">
        {edge ? (
          <EdgeEvidence key={edge.id} host={host} edge={edge} names={nodeById} onClose={() => setSelectedEdge(null)} />
        ) : null}
        <EdgeList edges={graph?.edges ?? []} names={nodeById} selected={selectedEdge} onSelect={setSelectedEdge} onNode={host.openEntity} />
      </aside>
    </section>
  );
}

function GraphCanvas({
  graph,
  positionCache,
  selectedEdge,
  onNode,
  onEdge,
}: {
  graph: GraphData;
  positionCache: Map<string, [number, number]>;
  selectedEdge: string | null;
  onNode: (id: string) => void;
  onEdge: (id: string | null) => void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rendererRef = useRef<GraphRenderer | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number; text: string } | null>(null);
  const canvasGraph = useMemo<CanvasGraph>(() => toCanvasGraph(graph), [graph]);
  const handlers = useRef({ onNode, onEdge });
  useEffect(() => {
    handlers.current = { onNode, onEdge };
  }, [onNode, onEdge]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    performance.mark('entities-graph-mounted');
    const count = canvasGraph.ids.length;
    let init: Float32Array | null = new Float32Array(count * 2).fill(Number.NaN);
    let known = 0;
    canvasGraph.ids.forEach((id, i) => {
      const p = positionCache.get(id);
      if (p && init) {
        init[i * 2] = p[0];
        init[i * 2 + 1] = p[1];
        known += 1;
      }
    });
    if (known === 0) init = null;
    const renderer = new GraphRenderer(canvas, canvasGraph, known === count ? init : null);
    rendererRef.current = renderer;
    renderer.onFirstFrame = () => {
      performance.mark(GRAPH_FIRST_RENDER_MARK);
      canvas.dataset.renderedNodes = String(count);
    };
    const remember = (positions: Float32Array) =>
      canvasGraph.ids.forEach((id, i) => positionCache.set(id, [positions[i * 2] ?? 0, positions[i * 2 + 1] ?? 0]));

    let worker: Worker | null = null;
    if (typeof Worker === 'function') {
      worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<LayoutUpdate>) => {
        if (event.data.ticks === 0) performance.mark('entities-graph-layout-started');
        // Dense graphs animate at a few frames a second while settling, so pans and clicks stay responsive.
        renderer.setPositions(event.data.positions, event.data.done, canvasGraph.edgeIds.length > 2000 ? 200 : 0);
        if (event.data.done) {
          remember(event.data.positions);
          canvas.dataset.layout = 'done';
        }
      };
      const request: LayoutRequest = { kind: 'start', id: 1, count, edges: canvasGraph.edges, init };
      worker.postMessage(request);
    } else {
      // No workers (unit tests under jsdom): a circle is enough to show and click.
      const positions = new Float32Array(count * 2);
      for (let i = 0; i < count; i += 1) {
        positions[i * 2] = Math.cos((i / count) * Math.PI * 2) * 200;
        positions[i * 2 + 1] = Math.sin((i / count) * Math.PI * 2) * 200;
      }
      renderer.setPositions(positions);
    }
    if (renderer.hasPositions()) renderer.schedule();

    const theme = new MutationObserver(() => renderer.refreshPalette());
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(() => renderer.schedule()) : null;
    resize?.observe(canvas);
    return () => {
      if (renderer.hasPositions()) remember(renderer.positionsCopy());
      worker?.terminate();
      theme.disconnect();
      resize?.disconnect();
      renderer.dispose();
      rendererRef.current = null;
    };
  }, [canvasGraph, positionCache]);

  useEffect(() => {
    const renderer = rendererRef.current;
    if (!renderer) return;
    renderer.selectedEdge = selectedEdge ? canvasGraph.edgeIds.indexOf(selectedEdge) : -1;
    renderer.schedule();
  }, [selectedEdge, canvasGraph]);

  // Pan by dragging, zoom with the wheel around the pointer; a click that did not drag picks what is under it.
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);
  const point = (event: { clientX: number; clientY: number }) => {
    const rect = canvasRef.current?.getBoundingClientRect();
    return { x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0) };
  };

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Non-passive, so the page does not scroll while zooming.
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = canvas.getBoundingClientRect();
      rendererRef.current?.zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - rect.left, event.clientY - rect.top);
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => canvas.removeEventListener('wheel', onWheel);
  }, []);

  return (
    <div className="graph-canvas-wrap">
      <canvas
        ref={canvasRef}
        className="graph-canvas"
        data-testid="graph-canvas"
        data-nodes={canvasGraph.ids.length}
        data-edges={canvasGraph.edgeIds.length}
        tabIndex={0}
        aria-label={`Network of ${canvasGraph.ids.length} entities and ${canvasGraph.edgeIds.length} links; the lists beside it hold the same`}
        onPointerDown={(event) => {
          drag.current = { ...point(event), moved: false };
          event.currentTarget.setPointerCapture(event.pointerId);
        }}
        onPointerMove={(event) => {
          const p = point(event);
          const renderer = rendererRef.current;
          if (!renderer) return;
          if (drag.current) {
            const dx = p.x - drag.current.x;
            const dy = p.y - drag.current.y;
            if (drag.current.moved || Math.abs(dx) + Math.abs(dy) > 3) {
              drag.current = { ...p, moved: true };
              renderer.panBy(dx, dy);
            }
            return;
          }
          const hit = renderer.hitTest(p.x, p.y);
          renderer.setHover(hit?.kind === 'node' ? hit.index : -1);
          const text =
            hit?.kind === 'node'
              ? (canvasGraph.names[hit.index] ?? '')
              : hit?.kind === 'edge'
                ? edgeText(graph.edges.find((e) => e.id === canvasGraph.edgeIds[hit.index]), canvasGraph)
                : '';
          setHover(text ? { ...p, text } : null);
          event.currentTarget.style.cursor = hit ? 'pointer' : 'grab';
        }}
        onPointerLeave={() => {
          rendererRef.current?.setHover(-1);
          setHover(null);
        }}
        onPointerUp={(event) => {
          const wasDrag = drag.current?.moved ?? false;
          drag.current = null;
          if (wasDrag) return;
          const p = point(event);
          const hit = rendererRef.current?.hitTest(p.x, p.y) ?? null;
          if (hit?.kind === 'node') handlers.current.onNode(canvasGraph.ids[hit.index] ?? '');
          else if (hit?.kind === 'edge') handlers.current.onEdge(canvasGraph.edgeIds[hit.index] ?? null);
          else handlers.current.onEdge(null);
        }}
        onKeyDown={(event) => {
          const renderer = rendererRef.current;
          if (!renderer) return;
          const step = 60;
          if (event.key === '+' || event.key === '=') renderer.zoomAt(1.25, event.currentTarget.clientWidth / 2, event.currentTarget.clientHeight / 2);
          else if (event.key === '-') renderer.zoomAt(0.8, event.currentTarget.clientWidth / 2, event.currentTarget.clientHeight / 2);
          else if (event.key === 'ArrowLeft') renderer.panBy(step, 0);
          else if (event.key === 'ArrowRight') renderer.panBy(-step, 0);
          else if (event.key === 'ArrowUp') renderer.panBy(0, step);
          else if (event.key === 'ArrowDown') renderer.panBy(0, -step);
          else if (event.key === '0') renderer.fit();
          else return;
          event.preventDefault();
          event.stopPropagation();
        }}
      />
      {hover ? (
        <div className="graph-tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }} dir="auto">
          {hover.text}
        </div>
      ) : null}
      <div className="graph-zoom">
        <button type="button" className="btn btn-secondary btn-icon btn-small" aria-label="Zoom in" onClick={() => zoomCenter(rendererRef.current, canvasRef.current, 1.3)}>
          +
        </button>
        <button type="button" className="btn btn-secondary btn-icon btn-small" aria-label="Zoom out" onClick={() => zoomCenter(rendererRef.current, canvasRef.current, 1 / 1.3)}>
          −
        </button>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => rendererRef.current?.fit()}>
          Fit
        </button>
      </div>
    </div>
  );
}

function zoomCenter(renderer: GraphRenderer | null, canvas: HTMLCanvasElement | null, factor: number) {
  if (renderer && canvas) renderer.zoomAt(factor, canvas.clientWidth / 2, canvas.clientHeight / 2);
}

function edgeText(edge: GraphEdge | undefined, graph: CanvasGraph): string {
  if (!edge) return '';
  const name = (id: string) => graph.names[graph.ids.indexOf(id)] ?? '?';
  return `${name(edge.source)} — ${edge.label} → ${name(edge.target)}${edge.unsupported ? ' (unsupported)' : ''}`;
}

type Names = Map<string, { name: string; type: EntityType }>;

function EdgeList({
  edges,
  names,
  selected,
  onSelect,
  onNode,
}: {
  edges: readonly GraphEdge[];
  names: Names;
  selected: string | null;
  onSelect: (id: string) => void;
  onNode: (id: string) => void;
}) {
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const q = filter.trim().toLocaleLowerCase();
    if (!q) return edges;
    return edges.filter((e) => `${names.get(e.source)?.name ?? ''} ${e.label} ${names.get(e.target)?.name ?? ''}`.toLocaleLowerCase().includes(q));
  }, [edges, names, filter]);
  const matchingNodes = useMemo(() => {
    const q = filter.trim().toLocaleLowerCase();
    if (!q) return [];
    return [...names.entries()].filter(([, n]) => n.name.toLocaleLowerCase().includes(q)).slice(0, 6);
  }, [names, filter]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- rows take only data, nothing memoises its functions
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 34,
    overscan: 10,
    getItemKey: (i) => shown[i]?.id ?? i,
  });
  return (
    <section className="edge-list" aria-label="Links" data-testid="graph-edge-list">
      <input
        type="search"
        className="entity-search"
        placeholder="Find an entity or link…"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={(event) => event.stopPropagation()}
        dir="auto"
        data-testid="graph-find"
      />
      {matchingNodes.length > 0 ? (
        <ul className="graph-node-matches">
          {matchingNodes.map(([id, n]) => (
            <li key={id}>
              <button type="button" className="link-button" onClick={() => onNode(id)} data-testid="graph-node">
                <TypeIcon type={n.type} decorative /> <span dir="auto">{n.name}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <h4>
        Links <span className="case-count">{shown.length}</span>
      </h4>
      <div className="edge-rows" ref={scrollRef}>
        <ul style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const e = shown[item.index] as GraphEdge;
            return (
              <li key={item.key} style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}>
                <button
                  type="button"
                  className={`edge-row${e.id === selected ? ' is-selected' : ''}${e.unsupported ? ' is-unsupported' : ''}`}
                  data-testid="graph-edge"
                  data-edge-id={e.id}
                  aria-pressed={e.id === selected}
                  onClick={() => onSelect(e.id)}
                >
                  <span dir="auto">{names.get(e.source)?.name ?? '?'}</span>
                  <span className="edge-row-label">{e.label}</span>
                  <span dir="auto">{names.get(e.target)?.name ?? '?'}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}

type EvidenceLine = { id: string; sourceId: string; quote: string; sourceTitle: string };

function EdgeEvidence({ host, edge, names, onClose }: { host: EntitiesHost; edge: GraphEdge; names: Names; onClose: () => void }) {
  const isRelationship = edge.kind !== 'co-occurrence';
  const [editing, setEditing] = useState(false);
  // When the edit form closes, the focus goes back to the Edit button it came from.
  const focusEditNext = useRef(false);
  const editRef = (button: HTMLButtonElement | null) => {
    if (!button || !focusEditNext.current) return;
    focusEditNext.current = false;
    button.focus();
  };
  // A relationship's evidence need not be linked to either end (a passage picked in the reader), so it comes with the
  // relationship; a co-occurrence edge's passages are linked to both ends, so one end's profile holds them.
  const { data } = useQuery(
    `${host.version}|${edge.id}`,
    async (): Promise<{ relationship: RelationshipView | null; lines: EvidenceLine[] }> => {
      if (isRelationship) {
        const { relationships } = await host.call('relationships.list', { entityId: edge.source });
        const relationship = relationships.find((r) => r.id === edge.id) ?? null;
        return { relationship, lines: relationship?.evidence ?? [] };
      }
      const profile = await host.call('entities.get', { id: edge.source, mentionLimit: 0, contextChars: 0 });
      const wanted = new Set(edge.evidencePassageIds);
      return { relationship: null, lines: profile.passages.filter((p) => wanted.has(p.id)).map((p) => ({ ...p, quote: p.exact })) };
    },
    host.fail,
  );
  const relationship = data.status === 'ready' ? data.value.relationship : null;
  const lines = data.status === 'ready' ? data.value.lines : [];
  return (
    <section className="edge-evidence" data-testid="edge-evidence" aria-label="Evidence for the selected link">
      <div className="edge-evidence-head">
        <p className="edge-evidence-title">
          <b dir="auto">{names.get(edge.source)?.name}</b> <span className="relationship-kind-label">{edge.label}</span>{' '}
          <b dir="auto">{names.get(edge.target)?.name}</b>
        </p>
        {relationship && !editing ? (
          <button
            ref={editRef}
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => setEditing(true)}
            aria-label={`Edit relationship: ${relationship.subject.name} ${relationship.displayLabel} ${relationship.object.name}`}
            data-testid="relationship-edit"
          >
            Edit
          </button>
        ) : null}
        <button type="button" className="btn btn-ghost btn-icon btn-small" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {relationship && editing ? (
        <RelationshipForm
          host={host}
          entity={relationship.subject}
          relationship={relationship}
          onDone={() => {
            focusEditNext.current = true;
            setEditing(false);
          }}
        />
      ) : (
        <>
          {edge.unsupported ? (
            <p className="unsupported-badge" data-testid="edge-unsupported">
              Unsupported: no passage shows this yet
            </p>
          ) : null}
          {relationship ? <RelationshipFacts relationship={relationship} /> : null}
          {data.status === 'loading' && edge.evidencePassageIds.length > 0 ? <p className="muted">Loading the evidence…</p> : null}
          <EvidenceList passages={lines} testId="edge-evidence-passage" onOpen={(sourceId, id) => host.openPassage(sourceId, id)} />
        </>
      )}
    </section>
  );
}

function RelationshipFacts({ relationship: r }: { relationship: RelationshipView }) {
  const period = relationshipPeriod(r.startDate, r.endDate);
  if (!period && !r.description) return null;
  return (
    <div className="edge-facts">
      {period ? <p className="relationship-period muted">{period}</p> : null}
      {r.description ? (
        <p className="relationship-description-text" dir="auto">
          {r.description}
        </p>
      ) : null}
    </div>
  );
}
