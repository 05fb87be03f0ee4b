/// <reference lib="webworker" />
/**
 * Force layout off the main thread: the page keeps painting and answering clicks while 2,000 nodes settle. Positions
 * stream back every few ticks as one transferable Float32Array (x0, y0, x1, y1, …).
 */
import { forceLink, forceManyBody, forceSimulation, forceX, forceY } from 'd3-force';
import type { SimulationNodeDatum } from 'd3-force';
import type { LayoutRequest, LayoutUpdate } from './layoutProtocol';

/** d3 swaps a link's indices for node objects once the force starts. */
const indexOf = (end: unknown): number => (typeof end === 'number' ? end : ((end as SimulationNodeDatum).index ?? 0));

const scope = self as unknown as DedicatedWorkerGlobalScope;
let generation = 0;

scope.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const request = event.data;
  generation += 1;
  if (request.kind === 'stop') return;
  void run(request, generation);
};

async function run(request: Extract<LayoutRequest, { kind: 'start' }>, mine: number): Promise<void> {
  const { count, edges, init } = request;
  const nodes: SimulationNodeDatum[] = [];
  let placed = 0;
  for (let i = 0; i < count; i += 1) {
    const x = init?.[i * 2];
    const y = init?.[i * 2 + 1];
    if (x !== undefined && y !== undefined && Number.isFinite(x) && Number.isFinite(y)) {
      nodes.push({ x, y });
      placed += 1;
    } else nodes.push({});
  }
  const links: { source: number; target: number }[] = [];
  for (let i = 0; i + 1 < edges.length; i += 2) links.push({ source: edges[i] ?? 0, target: edges[i + 1] ?? 0 });
  const degree = new Uint32Array(count);
  for (const l of links) {
    degree[l.source] = (degree[l.source] ?? 0) + 1;
    degree[l.target] = (degree[l.target] ?? 0) + 1;
  }
  // A graph that was mostly laid out before only needs to settle the newcomers: a low start temperature keeps
  // everything else where the researcher last saw it.
  const warm = count > 0 && placed / count > 0.8;
  const simulation = forceSimulation(nodes)
    .alpha(warm ? 0.25 : 1)
    .alphaDecay(warm ? 0.05 : 0.03)
    .force('charge', forceManyBody().strength(-40).theta(0.95).distanceMax(600))
    .force(
      'link',
      forceLink(links)
        .distance(34)
        // d3's default (1 / smaller degree) keeps hubs from collapsing onto their leaves.
        .strength((l) => 1 / Math.max(1, Math.min(degree[indexOf(l.source)] ?? 1, degree[indexOf(l.target)] ?? 1))),
    )
    .force('x', forceX(0).strength(0.04))
    .force('y', forceY(0).strength(0.04))
    .stop();

  const post = (done: boolean, ticks: number) => {
    const positions = new Float32Array(count * 2);
    for (let i = 0; i < count; i += 1) {
      const n = nodes[i];
      positions[i * 2] = n?.x ?? 0;
      positions[i * 2 + 1] = n?.y ?? 0;
    }
    const update: LayoutUpdate = { id: request.id, positions, done, ticks };
    scope.postMessage(update, [positions.buffer]);
  };

  // The first answer is the starting arrangement (d3's phyllotaxis spiral), so something is on screen at once.
  post(false, 0);
  const maxTicks = warm ? 120 : 320;
  let ticks = 0;
  while (ticks < maxTicks && simulation.alpha() > simulation.alphaMin()) {
    const started = performance.now();
    // About one frame's worth of ticks per message: smooth to watch without flooding the page.
    while (performance.now() - started < 20 && ticks < maxTicks) {
      simulation.tick();
      ticks += 1;
    }
    if (mine !== generation) return;
    post(false, ticks);
    // Yield so a newer request (filters changed) or a stop can arrive, and leave the CPU to the page for a moment:
    // on a two-core laptop a worker ticking flat out slows the page's own painting.
    await new Promise((resolve) => setTimeout(resolve, 12));
    if (mine !== generation) return;
  }
  post(true, ticks);
}
