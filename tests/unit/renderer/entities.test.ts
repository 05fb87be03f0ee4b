// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { GraphData } from '../../../shared/domain/entity';
import { GraphRenderer, toCanvasGraph } from '../../../renderer/features/entities/graphCanvas';
import { formatPartialDate } from '../../../renderer/features/entities/TimelineView';
import { guessType } from '../../../renderer/features/entities/types';

const graph: GraphData = {
  nodes: [
    { id: 'a', type: 'Person', name: 'Omri Lavie', passageCount: 1, relationshipCount: 1 },
    { id: 'b', type: 'Company', name: 'NSO Group', passageCount: 1, relationshipCount: 1 },
    { id: 'c', type: 'Place', name: 'New Delhi', passageCount: 0, relationshipCount: 0 },
  ],
  edges: [
    { id: 'r1', source: 'a', target: 'b', kind: 'co-founder-of', label: 'co-founder of', evidencePassageIds: ['p1'], unsupported: false },
    { id: 'r2', source: 'a', target: 'gone', kind: 'met-with', label: 'met with', evidencePassageIds: [], unsupported: true },
    { id: 'r3', source: 'c', target: 'c', kind: 'other', label: 'self', evidencePassageIds: [], unsupported: true },
  ],
  truncated: false,
};

describe('guessType', () => {
  it.each([
    ['NSO Group', 'Company'],
    ['Q Cyber Technologies Ltd', 'Company'],
    ['Omri Lavie', 'Person'],
    ['press@nsogroup.com', 'Email'],
    ['+972 54 123 4567', 'Phone'],
    ['https://example.org/x', 'Url'],
    ['Ministry of Defense', 'PublicBody'],
    ['Pegasus Project', 'Organization'],
    ['שלו חוליו', 'Person'],
  ] as const)('%s → %s', (name, type) => {
    expect(guessType(name)).toBe(type);
  });
});

describe('formatPartialDate', () => {
  it('keeps the precision the source gives', () => {
    expect(formatPartialDate('2017')).toBe('2017');
    expect(formatPartialDate('2017-08')).toBe('Aug 2017');
    expect(formatPartialDate('2017-08-04')).toBe('4 Aug 2017');
  });
});

describe('toCanvasGraph', () => {
  it('keeps edges whose two ends are drawn, and counts degree from them', () => {
    const g = toCanvasGraph(graph);
    expect(g.edgeIds).toEqual(['r1']);
    expect([...g.edges]).toEqual([0, 1]);
    expect([...g.degree]).toEqual([1, 1, 0]);
    expect(g.unsupported[0]).toBe(0);
    expect(g.radius[0]).toBeGreaterThan(g.radius[2] ?? Infinity);
  });
});

describe('GraphRenderer.hitTest', () => {
  const positions = new Float32Array([0, 0, 100, 0, 50, 80]);
  const renderer = new GraphRenderer(document.createElement('canvas'), toCanvasGraph(graph), positions);

  it('finds the node under the point first', () => {
    expect(renderer.hitTest(1, 1)).toEqual({ kind: 'node', index: 0 });
    expect(renderer.hitTest(99, -2)).toEqual({ kind: 'node', index: 1 });
  });

  it('finds an edge near its line, away from the nodes', () => {
    expect(renderer.hitTest(50, 3)).toEqual({ kind: 'edge', index: 0 });
  });

  it('finds nothing in empty space', () => {
    expect(renderer.hitTest(50, 40)).toBeNull();
  });
});
