import type { SourceSummary } from '../../../shared/domain/source';

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A plain, aligned table: readable in a terminal and stable enough to grep. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function sourcesTable(sources: readonly SourceSummary[]): string {
  return table(
    ['ID', 'TYPE', 'LANG', 'SIZE', 'IMPORTED', 'TITLE'],
    sources.map((s) => [s.id, s.type, s.language ?? '-', formatBytes(s.size), s.importedAt.slice(0, 10), s.title]),
  );
}
