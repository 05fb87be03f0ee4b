/**
 * A relationship graph as a static SVG: nodes on a circle in a stable order (by type, then name), straight edges with
 * their labels. Deterministic, so two exports of the same dossier are byte-identical and reviewers can diff them.
 */
export interface GraphNodeIn {
  key: string;
  name: string;
  type: string;
}

export interface GraphEdgeIn {
  from: string;
  to: string;
  label: string;
  unsupported: boolean;
}

const TYPE_FILL: Record<string, string> = {
  Person: '#eef2f7',
  Organization: '#f4efe6',
  Company: '#f4efe6',
  PublicBody: '#f4efe6',
  Event: '#eef5ee',
};

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function truncate(s: string, max: number): string {
  return [...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s;
}

export function renderGraphSvg(nodes: readonly GraphNodeIn[], edges: readonly GraphEdgeIn[]): string {
  const width = 640;
  const height = nodes.length <= 2 ? 220 : Math.min(560, 300 + nodes.length * 12);
  const cx = width / 2;
  const cy = height / 2;
  const radius = nodes.length <= 1 ? 0 : Math.min(cx - 110, cy - 40);
  const ordered = [...nodes].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  const pos = new Map<string, { x: number; y: number }>();
  ordered.forEach((n, i) => {
    // Start at the top and go clockwise; two nodes sit side by side rather than one above the other.
    const angle = nodes.length === 2 ? Math.PI * i + Math.PI : -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, ordered.length);
    pos.set(n.key, { x: Math.round((cx + radius * Math.cos(angle)) * 10) / 10, y: Math.round((cy + radius * Math.sin(angle)) * 10) / 10 });
  });
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" class="graph">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
  ];
  const seenPairs = new Map<string, number>();
  for (const e of [...edges].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.label.localeCompare(b.label))) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const pair = [e.from, e.to].sort().join('|');
    const repeat = seenPairs.get(pair) ?? 0;
    seenPairs.set(pair, repeat + 1);
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.max(1, Math.hypot(dx, dy));
    // Stop the line at the node's box so the arrow head stays visible.
    const shrink = Math.min(0.45, 48 / len);
    const x1 = a.x + dx * shrink;
    const y1 = a.y + dy * shrink;
    const x2 = b.x - dx * shrink;
    const y2 = b.y - dy * shrink;
    const dash = e.unsupported ? ' stroke-dasharray="4 3"' : '';
    parts.push(`<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="#555" stroke-width="1"${dash} marker-end="url(#arrow)"/>`);
    const mx = (a.x + b.x) / 2 + (-dy / len) * 12 * repeat;
    const my = (a.y + b.y) / 2 + (dx / len) * 12 * repeat - 4;
    parts.push(`<text x="${mx.toFixed(1)}" y="${my.toFixed(1)}" text-anchor="middle" class="edge-label">${esc(truncate(e.label + (e.unsupported ? ' (unsupported)' : ''), 40))}</text>`);
  }
  for (const n of ordered) {
    const p = pos.get(n.key);
    if (!p) continue;
    const label = truncate(n.name, 26);
    const w = Math.max(70, Math.min(200, [...label].length * 6.6 + 20));
    parts.push(
      `<g><rect x="${(p.x - w / 2).toFixed(1)}" y="${(p.y - 17).toFixed(1)}" width="${w.toFixed(1)}" height="34" rx="4" fill="${TYPE_FILL[n.type] ?? '#f3f3f3'}" stroke="#333" stroke-width="0.8"/>` +
        `<text x="${p.x}" y="${(p.y - 2).toFixed(1)}" text-anchor="middle" class="node-label">${esc(label)}</text>` +
        `<text x="${p.x}" y="${(p.y + 10).toFixed(1)}" text-anchor="middle" class="node-type">${esc(n.type)}</text></g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
