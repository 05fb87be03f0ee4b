import type { EntityType, GraphData } from '../../../shared/domain/entity';
import { TYPE_COLORS } from './types';

export type CanvasGraph = {
  ids: string[];
  names: string[];
  types: EntityType[];
  degree: Uint32Array;
  radius: Float32Array;
  /** Node index pairs per edge. */
  edges: Uint32Array;
  unsupported: Uint8Array;
  edgeIds: string[];
};

/** Index form of main's graph: typed arrays, so drawing 10,000 edges walks memory instead of objects. */
export function toCanvasGraph(data: GraphData): CanvasGraph {
  const index = new Map(data.nodes.map((n, i) => [n.id, i]));
  const kept = data.edges.filter((e) => index.has(e.source) && index.has(e.target) && e.source !== e.target);
  const edges = new Uint32Array(kept.length * 2);
  const unsupported = new Uint8Array(kept.length);
  const degree = new Uint32Array(data.nodes.length);
  kept.forEach((e, i) => {
    const a = index.get(e.source) ?? 0;
    const b = index.get(e.target) ?? 0;
    edges[i * 2] = a;
    edges[i * 2 + 1] = b;
    unsupported[i] = e.unsupported ? 1 : 0;
    degree[a] = (degree[a] ?? 0) + 1;
    degree[b] = (degree[b] ?? 0) + 1;
  });
  const radius = new Float32Array(data.nodes.length);
  for (let i = 0; i < radius.length; i += 1) radius[i] = Math.min(16, 3.5 + Math.sqrt(degree[i] ?? 0) * 1.3);
  return {
    ids: data.nodes.map((n) => n.id),
    names: data.nodes.map((n) => n.name),
    types: data.nodes.map((n) => n.type),
    degree,
    radius,
    edges,
    unsupported,
    edgeIds: kept.map((e) => e.id),
  };
}

type Palette = { edge: string; edgeStrong: string; unsupported: string; label: string; halo: string; highlight: string };

function readPalette(element: Element): Palette {
  const css = getComputedStyle(element);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    edge: v('--border-strong', '#cfcbc2'),
    edgeStrong: v('--text-muted', '#65615a'),
    unsupported: v('--danger', '#b42318'),
    label: v('--text', '#1d1c1a'),
    halo: v('--paper', '#fffefb'),
    highlight: v('--accent', '#3451b2'),
  };
}

export type Hit = { kind: 'node'; index: number } | { kind: 'edge'; index: number } | null;

/**
 * A plain 2D-canvas network view with pan and zoom. 2D canvas rather than WebGL: it runs the same in Electron and in
 * any Chromium (including without a GPU), and 10,000 edges batched in two paths draw in a few milliseconds.
 */
export class GraphRenderer {
  private positions: Float32Array;
  private transform = { x: 0, y: 0, k: 1 };
  private userMoved = false;
  private frame = 0;
  private palette: Palette;
  private hover = -1;
  selectedNode = -1;
  selectedEdge = -1;
  onFirstFrame: (() => void) | null = null;
  private drawn = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    readonly graph: CanvasGraph,
    initial: Float32Array | null,
  ) {
    this.positions = initial ?? new Float32Array(graph.ids.length * 2).fill(Number.NaN);
    this.palette = readPalette(canvas);
  }

  /** Positions for every node, or none drawn yet (NaN) — the first frame waits for the layout's first answer. */
  hasPositions(): boolean {
    return this.graph.ids.length === 0 || Number.isFinite(this.positions[0] ?? Number.NaN);
  }

  positionsCopy(): Float32Array {
    return this.positions.slice();
  }

  private lastLayoutDraw = 0;

  /** New positions from the layout; while it runs, redrawn at most every `minInterval` ms (a full redraw of a dense graph is not free). */
  setPositions(positions: Float32Array, final = true, minInterval = 0): void {
    this.positions = positions;
    if (!this.userMoved) this.fit(false);
    const now = performance.now();
    if (!final && this.drawn && now - this.lastLayoutDraw < minInterval) return;
    this.lastLayoutDraw = now;
    this.schedule();
  }

  refreshPalette(): void {
    this.palette = readPalette(this.canvas);
    this.schedule();
  }

  setHover(index: number): void {
    if (index === this.hover) return;
    this.hover = index;
    this.schedule();
  }

  fit(redraw = true): void {
    const n = this.graph.ids.length;
    if (n === 0 || !this.hasPositions()) return;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i += 1) {
      const x = this.positions[i * 2] ?? 0;
      const y = this.positions[i * 2 + 1] ?? 0;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const { width, height } = this.size();
    const pad = 40;
    const k = Math.min(4, Math.max(0.02, Math.min((width - pad * 2) / Math.max(1, maxX - minX), (height - pad * 2) / Math.max(1, maxY - minY))));
    this.transform = { k, x: width / 2 - ((minX + maxX) / 2) * k, y: height / 2 - ((minY + maxY) / 2) * k };
    if (redraw) {
      this.userMoved = false;
      this.schedule();
    }
  }

  centerOn(index: number): void {
    const { width, height } = this.size();
    const k = Math.max(this.transform.k, 1.2);
    this.transform = { k, x: width / 2 - (this.positions[index * 2] ?? 0) * k, y: height / 2 - (this.positions[index * 2 + 1] ?? 0) * k };
    this.userMoved = true;
    this.schedule();
  }

  panBy(dx: number, dy: number): void {
    this.transform.x += dx;
    this.transform.y += dy;
    this.userMoved = true;
    this.schedule();
  }

  zoomAt(factor: number, sx: number, sy: number): void {
    const k = Math.min(12, Math.max(0.02, this.transform.k * factor));
    const f = k / this.transform.k;
    this.transform = { k, x: sx - (sx - this.transform.x) * f, y: sy - (sy - this.transform.y) * f };
    this.userMoved = true;
    this.schedule();
  }

  /** Screen point (CSS pixels, relative to the canvas) → the node under it, else the nearest edge within a few pixels. */
  hitTest(sx: number, sy: number): Hit {
    const { x: tx, y: ty, k } = this.transform;
    const gx = (sx - tx) / k;
    const gy = (sy - ty) / k;
    let best = -1;
    let bestD = Infinity;
    const n = this.graph.ids.length;
    for (let i = 0; i < n; i += 1) {
      const dx = (this.positions[i * 2] ?? 0) - gx;
      const dy = (this.positions[i * 2 + 1] ?? 0) - gy;
      const d = Math.sqrt(dx * dx + dy * dy) * k;
      const r = Math.max(5, (this.graph.radius[i] ?? 4) * Math.min(1.5, Math.max(0.6, k)));
      if (d <= r + 2 && d < bestD) {
        best = i;
        bestD = d;
      }
    }
    if (best >= 0) return { kind: 'node', index: best };
    const { edges } = this.graph;
    let bestEdge = -1;
    let bestEdgeD = 5;
    for (let e = 0; e * 2 + 1 < edges.length; e += 1) {
      const a = edges[e * 2] ?? 0;
      const b = edges[e * 2 + 1] ?? 0;
      const ax = (this.positions[a * 2] ?? 0) * k + tx;
      const ay = (this.positions[a * 2 + 1] ?? 0) * k + ty;
      const bx = (this.positions[b * 2] ?? 0) * k + tx;
      const by = (this.positions[b * 2 + 1] ?? 0) * k + ty;
      const d = segmentDistance(sx, sy, ax, ay, bx, by);
      if (d < bestEdgeD) {
        bestEdge = e;
        bestEdgeD = d;
      }
    }
    return bestEdge >= 0 ? { kind: 'edge', index: bestEdge } : null;
  }

  /** Where a node is on screen (CSS pixels), for tests and tooltips. */
  screenPoint(index: number): { x: number; y: number } {
    const { x, y, k } = this.transform;
    return { x: (this.positions[index * 2] ?? 0) * k + x, y: (this.positions[index * 2 + 1] ?? 0) * k + y };
  }

  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.onFirstFrame = null;
  }

  private size(): { width: number; height: number } {
    const rect = this.canvas.getBoundingClientRect();
    return { width: Math.max(1, rect.width), height: Math.max(1, rect.height) };
  }

  private draw(): void {
    const started = performance.now();
    this.paint();
    // Read by the benchmark: how long one full redraw holds the main thread.
    this.canvas.dataset.drawMs = (performance.now() - started).toFixed(1);
  }

  private paint(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || !this.hasPositions()) return;
    const { width, height } = this.size();
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(width * dpr);
    const h = Math.round(height * dpr);
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const { x: tx, y: ty, k } = this.transform;
    ctx.setTransform(dpr * k, 0, 0, dpr * k, dpr * tx, dpr * ty);
    const p = this.positions;
    const { edges, unsupported } = this.graph;
    const focus = this.hover >= 0 ? this.hover : this.selectedNode;

    // Edges in two batched paths (supported, unsupported) — one stroke each, however many edges.
    const edgeCount = edges.length / 2;
    const lineWidth = Math.max(0.6, Math.min(1.4, 1 / Math.sqrt(k))) / k;
    ctx.lineWidth = lineWidth;
    ctx.globalAlpha = edgeCount > 2000 ? 0.45 : 0.8;
    for (const pass of [0, 1]) {
      ctx.beginPath();
      for (let e = 0; e < edgeCount; e += 1) {
        if ((unsupported[e] ?? 0) !== pass) continue;
        const a = edges[e * 2] ?? 0;
        const b = edges[e * 2 + 1] ?? 0;
        ctx.moveTo(p[a * 2] ?? 0, p[a * 2 + 1] ?? 0);
        ctx.lineTo(p[b * 2] ?? 0, p[b * 2 + 1] ?? 0);
      }
      ctx.strokeStyle = pass ? this.palette.unsupported : this.palette.edge;
      // Dashes tell "unsupported" apart at a glance, but Skia dashes thousands of segments slowly in software
      // (about 10× a plain stroke); in a dense graph the colour alone carries it.
      ctx.setLineDash(pass && edgeCount <= 1500 ? [4 / k, 3 / k] : []);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    ctx.globalAlpha = 1;

    // The focused node's edges and the selected edge drawn again on top, darker.
    ctx.beginPath();
    for (let e = 0; e < edgeCount; e += 1) {
      const a = edges[e * 2] ?? 0;
      const b = edges[e * 2 + 1] ?? 0;
      if (e !== this.selectedEdge && a !== focus && b !== focus) continue;
      ctx.moveTo(p[a * 2] ?? 0, p[a * 2 + 1] ?? 0);
      ctx.lineTo(p[b * 2] ?? 0, p[b * 2 + 1] ?? 0);
    }
    ctx.strokeStyle = this.palette.edgeStrong;
    ctx.lineWidth = lineWidth * 1.6;
    ctx.stroke();
    if (this.selectedEdge >= 0) {
      const a = edges[this.selectedEdge * 2] ?? 0;
      const b = edges[this.selectedEdge * 2 + 1] ?? 0;
      ctx.beginPath();
      ctx.moveTo(p[a * 2] ?? 0, p[a * 2 + 1] ?? 0);
      ctx.lineTo(p[b * 2] ?? 0, p[b * 2 + 1] ?? 0);
      ctx.strokeStyle = this.palette.highlight;
      ctx.lineWidth = 3 / k;
      ctx.stroke();
    }

    // Nodes, one path per type so the fill colour changes a dozen times, not 2,000.
    const n = this.graph.ids.length;
    const scale = Math.min(1.5, Math.max(0.6, k)) / k;
    const byType = new Map<EntityType, number[]>();
    for (let i = 0; i < n; i += 1) {
      const t = this.graph.types[i] ?? 'Other';
      let list = byType.get(t);
      if (!list) byType.set(t, (list = []));
      list.push(i);
    }
    ctx.lineWidth = 1.2 / k;
    ctx.strokeStyle = this.palette.halo;
    for (const [type, list] of byType) {
      ctx.beginPath();
      for (const i of list) {
        const r = (this.graph.radius[i] ?? 4) * scale;
        const x = p[i * 2] ?? 0;
        const y = p[i * 2 + 1] ?? 0;
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, Math.PI * 2);
      }
      ctx.fillStyle = TYPE_COLORS[type];
      ctx.fill();
      ctx.stroke();
    }
    if (focus >= 0) {
      ctx.beginPath();
      const r = (this.graph.radius[focus] ?? 4) * scale + 3 / k;
      ctx.arc(p[focus * 2] ?? 0, p[focus * 2 + 1] ?? 0, r, 0, Math.PI * 2);
      ctx.strokeStyle = this.palette.highlight;
      ctx.lineWidth = 2 / k;
      ctx.stroke();
    }

    // Labels in screen space for the best-connected nodes in view (all of them once zoomed in far enough).
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = '500 11.5px Inter Variable, Inter, system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const visible: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const sx = (p[i * 2] ?? 0) * k + tx;
      const sy = (p[i * 2 + 1] ?? 0) * k + ty;
      if (sx > -50 && sx < width + 50 && sy > -20 && sy < height + 20) visible.push(i);
    }
    const budget = visible.length <= 80 ? visible.length : Math.max(20, Math.round(60 * Math.min(4, k)));
    visible.sort((a, b) => (this.graph.degree[b] ?? 0) - (this.graph.degree[a] ?? 0));
    const labelled = visible.slice(0, budget);
    if (focus >= 0 && !labelled.includes(focus)) labelled.push(focus);
    ctx.lineJoin = 'round';
    for (const i of labelled) {
      const name = this.graph.names[i] ?? '';
      const label = name.length > 28 ? `${name.slice(0, 27)}…` : name;
      const sx = (p[i * 2] ?? 0) * k + tx + (this.graph.radius[i] ?? 4) * Math.min(1.5, Math.max(0.6, k)) + 4;
      const sy = (p[i * 2 + 1] ?? 0) * k + ty;
      ctx.lineWidth = 3;
      ctx.strokeStyle = this.palette.halo;
      ctx.strokeText(label, sx, sy);
      ctx.fillStyle = this.palette.label;
      ctx.fillText(label, sx, sy);
    }

    if (!this.drawn) {
      this.drawn = true;
      this.onFirstFrame?.();
    }
  }
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  const x = ax + t * dx - px;
  const y = ay + t * dy - py;
  return Math.sqrt(x * x + y * y);
}
