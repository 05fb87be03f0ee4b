/**
 * The entity graph at scale, in Chromium through the browser host: 2,000 entities and 10,000 relationships created
 * through the service (one FtM import, the way a researcher brings in an Aleph export).
 * - entities.graph_2000_render_ms: click on the Graph tab → the first frame with every node drawn (the mark the
 *   graph view sets in its first draw, plus the frame that puts it on screen). Target ≤ 1,500.
 * - entities.graph_2000_layout_ms: the same click → the worker's layout settled (positions final).
 * - entities.graph_2000_frame_p95_ms: frame times on the main thread while the layout runs (jank check).
 * - entities.graph_2000_zoom_ms: once settled, a zoom click → the redrawn frame on screen (median of 5).
 * Needs the built renderer (npm run build) and Chromium (/usr/bin/chromium or CASEFILE_CHROMIUM).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { dispatch } from '../../main/core/api/dispatch';
import { createCaseService } from '../../main/core/case';
import { startWebHost } from '../../main/hosts/web/server';
import type { Handlers } from '../../main/core/api/dispatch';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RENDERER = path.join(ROOT, 'out', 'renderer');
const CHROMIUM = process.env.CASEFILE_CHROMIUM ?? '/usr/bin/chromium';
const NODES = 2000;
const EDGES = 10_000;
const FIRST_RENDER_MARK = 'entities-graph-first-render';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** People and companies; edges mostly to well-connected nodes (as in real networks: a few hubs, many leaves). */
export function generateFtm(nodes: number, edges: number, random: () => number): string {
  const lines: string[] = [];
  for (let i = 0; i < nodes; i += 1) {
    const company = i % 4 === 0;
    lines.push(JSON.stringify({ id: `n${i}`, schema: company ? 'Company' : 'Person', properties: { name: [company ? `Company ${i} Ltd` : `Person ${i}`] } }));
  }
  const ends: number[] = [0, 1];
  const seen = new Set<string>();
  for (let e = 0; e < edges; ) {
    const a = random() < 0.5 ? (ends[Math.floor(random() * ends.length)] ?? 0) : Math.floor(random() * nodes);
    const b = Math.floor(random() * nodes);
    const key = a < b ? `${a}:${b}` : `${b}:${a}`;
    if (a === b || seen.has(key)) continue;
    seen.add(key);
    ends.push(a, b);
    const role = ['client of', 'met with', 'associate of'][e % 3] ?? 'associate of';
    lines.push(JSON.stringify({ id: `r${e}`, schema: 'UnknownLink', properties: { subject: [`n${a}`], object: [`n${b}`], role: [role] } }));
    e += 1;
  }
  return lines.join('\n');
}

export async function bench(): Promise<Record<string, number>> {
  if (!existsSync(path.join(RENDERER, 'index.html'))) throw new Error('entities-graph bench: run `npm run build` first (out/renderer is missing).');
  if (!existsSync(CHROMIUM)) throw new Error(`entities-graph bench: no Chromium at ${CHROMIUM} (set CASEFILE_CHROMIUM).`);

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'casefile-bench-graph-'));
  const service = createCaseService({
    location: { kind: 'project', dir: path.join(tmp, 'case') },
    host: 'web',
    seedsDir: path.join(ROOT, 'seeds'),
    researcher: 'bench',
    vault: { kdf: { memoryKiB: 1024, passes: 1, parallelism: 1 }, allowWeakKdf: true },
  });
  const handlers: Handlers = service.handlers;
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
    const result = await dispatch(handlers, method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as MethodOutput<M>;
  };
  const host = await startWebHost({ handlers, staticDir: RENDERER });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  try {
    await call('case.create', { name: 'Graph bench', passphrase: 'bench passphrase', demo: false });
    const report = await call('entities.importFtm', { content: generateFtm(NODES, EDGES, rng(11)) });
    if (report.entitiesCreated !== NODES || report.relationshipsCreated !== EDGES) {
      throw new Error(`entities-graph bench: imported ${report.entitiesCreated} entities and ${report.relationshipsCreated} relationships`);
    }
    const t = performance.now();
    const graph = await call('entities.graph', { limit: NODES });
    process.stderr.write(`entities-graph bench: entities.graph in core ${Math.round(performance.now() - t)} ms (${graph.nodes.length} nodes, ${graph.edges.length} edges)\n`);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // tsx compiles this file with keepNames, which wraps functions passed to evaluate() in a __name() helper.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(host.url);
    await page.getByTestId('view-entities').click();
    await page.getByTestId('entity-row').first().waitFor();

    const timing = await page.evaluate(
      async ({ mark, nodes }) => {
        const tab = document.querySelector<HTMLElement>('[data-testid="entities-tab-graph"]');
        if (!tab) throw new Error('no graph tab');
        performance.clearMarks(mark);
        const frames: number[] = [];
        const draws: number[] = [];
        const t0 = performance.now();
        tab.click();
        let last = performance.now();
        let renderMs = NaN;
        for (;;) {
          await new Promise((resolve) => requestAnimationFrame(resolve));
          const now = performance.now();
          if (!Number.isNaN(renderMs)) frames.push(now - last);
          last = now;
          const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="graph-canvas"]');
          if (Number.isNaN(renderMs) && performance.getEntriesByName(mark).length > 0 && canvas?.dataset.renderedNodes === String(nodes)) {
            // This frame is the one after the draw that set the mark: the nodes are on screen.
            renderMs = now - t0;
          }
          if (canvas?.dataset.drawMs) draws.push(Number(canvas.dataset.drawMs));
          if (canvas?.dataset.layout === 'done') {
            const at = (name: string) => Math.round((performance.getEntriesByName(name).at(-1)?.startTime ?? NaN) - t0);
            const steps = `mounted ${at('entities-graph-mounted')}, worker answered ${at('entities-graph-layout-started')}, drawn ${at(mark)}`;
            return { renderMs, layoutMs: now - t0, frames, draws, steps };
          }
          if (now - t0 > 120_000) throw new Error('graph not settled after 120 s');
        }
      },
      { mark: FIRST_RENDER_MARK, nodes: NODES },
    );
    // After the layout: how long a zoom (a full redraw of 2,000 nodes and 10,000 edges) takes to reach the screen.
    const zoomMs = await page.evaluate(async () => {
      const button = document.querySelector<HTMLElement>('.graph-zoom button');
      if (!button) throw new Error('no zoom button');
      const times: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const t0 = performance.now();
        button.click();
        await new Promise((resolve) => requestAnimationFrame(resolve));
        await new Promise((resolve) => requestAnimationFrame(resolve));
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return times[2] ?? NaN;
    });
    const api = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => /entities\.graph/.test(e.name))
        .map((e) => `${Math.round(e.duration)} ms`)
        .join(', '),
    );
    const sorted = [...timing.frames].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? NaN;
    process.stderr.write(
      `entities-graph bench: first frame ${Math.round(timing.renderMs)} ms, layout settled ${Math.round(timing.layoutMs)} ms, ` +
        `${timing.frames.length} frames p95 ${p95.toFixed(1)} ms, draws ${timing.draws.join(' ')} ms; ${timing.steps}; entities.graph over HTTP ${api}\n`,
    );
    return {
      'entities.graph_2000_render_ms': Math.round(timing.renderMs),
      'entities.graph_2000_layout_ms': Math.round(timing.layoutMs),
      'entities.graph_2000_frame_p95_ms': Math.round(p95 * 10) / 10,
      'entities.graph_2000_zoom_ms': Math.round(zoomMs),
    };
  } finally {
    await browser.close();
    await host.close();
    await service.close();
    await rm(tmp, { recursive: true, force: true });
  }
}
