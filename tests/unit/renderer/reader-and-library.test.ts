import { describe, expect, it } from 'vitest';
import { splitParagraphs } from '../../../renderer/features/reader/paragraphs';
import { nextSort, sortSources } from '../../../renderer/features/library/sortSources';
import { formatBytes, formatShortDate, shortHash } from '../../../renderer/components/format';
import type { SourceSummary } from '../../../shared/domain/source';

describe('splitParagraphs', () => {
  it('separates paragraphs at blank lines and keeps short hard-wrapped lines together', () => {
    const text = 'From: a@b.org\nTo: c@d.org\r\n\r\nDear C,\n\n\nSee you.';
    expect(splitParagraphs(text)).toEqual([['From: a@b.org', 'To: c@d.org'], ['Dear C,'], ['See you.']]);
  });

  it('treats long unwrapped lines as one paragraph each', () => {
    const long = 'x'.repeat(200);
    expect(splitParagraphs(`${long}\n${long}\nshort`)).toEqual([[long], [long], ['short']]);
  });

  it('returns nothing for blank text', () => {
    expect(splitParagraphs(' \n\n \n')).toEqual([]);
  });
});

const source = (id: string, title: string, size: number, importedAt: string, type: SourceSummary['type'] = 'txt') =>
  ({ id, title, size, importedAt, type }) as SourceSummary;

describe('sortSources', () => {
  const list = [
    source('1', 'item 10', 300, '2025-01-02T00:00:00Z', 'pdf'),
    source('2', 'Item 9', 100, '2025-01-03T00:00:00Z'),
    source('3', 'élan', 200, '2025-01-01T00:00:00Z', 'docx'),
  ];

  it('sorts titles naturally and accent-insensitively', () => {
    expect(sortSources(list, { key: 'title', direction: 'asc' }).map((s) => s.id)).toEqual(['3', '2', '1']);
  });

  it('sorts by size, type and date in either direction', () => {
    expect(sortSources(list, { key: 'size', direction: 'desc' }).map((s) => s.id)).toEqual(['1', '3', '2']);
    expect(sortSources(list, { key: 'type', direction: 'asc' }).map((s) => s.id)).toEqual(['3', '1', '2']);
    expect(sortSources(list, { key: 'importedAt', direction: 'desc' }).map((s) => s.id)).toEqual(['2', '1', '3']);
  });

  it('flips the direction when the same column is chosen again', () => {
    expect(nextSort({ key: 'size', direction: 'desc' }, 'size')).toEqual({ key: 'size', direction: 'asc' });
    expect(nextSort({ key: 'size', direction: 'desc' }, 'title')).toEqual({ key: 'title', direction: 'asc' });
  });
});

describe('format', () => {
  it('formats sizes compactly', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(6165)).toBe('6.0 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
  });

  it('shortens a SHA-256 to its ends', () => {
    expect(shortHash('a'.repeat(8) + 'b'.repeat(48) + 'c'.repeat(8))).toBe('aaaaaaaa…cccccccc');
  });
});

describe('formatShortDate', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  it('drops the year for this year and the day for older dates', () => {
    expect(formatShortDate('2025-03-04T12:00:00Z', 'en-GB', now)).toBe('4 Mar');
    expect(formatShortDate('2023-03-04T12:00:00Z', 'en-GB', now)).toBe('Mar 2023');
  });
});
