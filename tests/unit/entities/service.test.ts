import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/core/api/dispatch';
import { createCaseService, type CaseService } from '../../../main/core/case';
import { FTM_PROPERTIES } from '../../../main/core/entities/ftm';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { Result } from '../../../shared/api/result';
import { SEEDS_DIR, TEST_VAULT, tempDir } from '../case/helpers';

let dir: string;
let cleanup: () => Promise<void>;
let service: CaseService;

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
  return (await dispatch(service.handlers, method, input)) as Result<MethodOutput<M>>;
}

async function value<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await call(method, input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value;
}

let sources: MethodOutput<'sources.list'>;
const sourceOf = (prefix: string): string => sources.find((s) => s.originalName.startsWith(prefix))?.id ?? '';

// One demo case for the file: the seeds are the real input the extraction must work on.
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('casefile-entities-'));
  service = createCaseService({ location: { kind: 'project', dir: path.join(dir, 'case') }, host: 'web', seedsDir: SEEDS_DIR, researcher: 'tester', vault: TEST_VAULT });
  await value('case.create', { name: 'Entities', passphrase: 'correct horse battery', demo: true });
  sources = await value('sources.list', {});
}, 60_000);

afterAll(async () => {
  await service.close();
  await cleanup();
});

describe('suggestions on the demo case', () => {
  it('include the required people and organisations, deduplicated across sources, and the French source yields entities', async () => {
    const { suggestions } = await value('entities.suggestions', { limit: 10_000 });
    const names = suggestions.map((s) => s.name);
    for (const required of ['NSO Group', 'Mobileum', 'Citizen Lab', 'Gary Miller', 'Omri Lavie', 'Shalev Hulio', 'Ted Lieu', 'Karsten Nohl', 'Emmanuel Macron']) {
      expect(names, required).toContain(required);
    }
    const gary = suggestions.find((s) => s.name === 'Gary Miller');
    expect(gary?.type).toBe('Person');
    expect(gary?.sources.length).toBeGreaterThanOrEqual(3);
    expect(suggestions.filter((s) => s.name === 'Gary Miller')).toHaveLength(1);
    const french = sourceOf('003');
    const fromFrench = suggestions.filter((s) => s.sources.some((x) => x.sourceId === french));
    expect(fromFrench.map((s) => s.name)).toEqual(expect.arrayContaining(['Gary Miller', 'Mobileum']));
    expect(fromFrench.some((s) => s.type === 'Event' && s.value === '2017-08')).toBe(true);
    // Noise: single common words and sentence-initial capitals are not suggested.
    for (const noise of ['The', 'In', 'Any', 'If', 'Justice', 'Department', 'Miller']) expect(names).not.toContain(noise);
  }, 60_000);

  it('reject is remembered and undoable; accept with mentions creates linked passages; merge adds an alias', async () => {
    const list = async () => (await value('entities.suggestions', { limit: 10_000 })).suggestions;
    const tel = (await list()).find((s) => s.name === 'Karsten Nohl');
    expect(tel).toBeDefined();
    await value('entities.rejectSuggestion', { id: tel?.id ?? '' });
    expect((await list()).some((s) => s.name === 'Karsten Nohl')).toBe(false);
    expect((await value('entities.rejectedList', {})).rejected.map((r) => r.name)).toContain('Karsten Nohl');
    await value('history.undo', {});
    expect((await list()).some((s) => s.name === 'Karsten Nohl')).toBe(true);

    const mobileum = (await list()).find((s) => s.name === 'Mobileum');
    const accepted = await value('entities.acceptSuggestion', { id: mobileum?.id ?? '', type: 'Company', withMentions: true });
    expect(accepted.entity.type).toBe('Company');
    expect(accepted.passagesCreated).toBe(accepted.entity.mentionCount);
    expect(accepted.entity.passageCount).toBe(accepted.passagesCreated);
    expect((await list()).some((s) => s.name === 'Mobileum')).toBe(false);
    const profile = await value('entities.get', { id: accepted.entity.id });
    expect(profile.unlinkedMentionTotal).toBe(0);
    expect(profile.passages[0]?.exact).toBe('Mobileum');

    const nso = await value('entities.create', { type: 'Company', name: 'NSO Group' });
    const bare = (await list()).find((s) => s.name === 'NSO');
    if (bare) {
      const merged = await value('entities.mergeSuggestion', { id: bare.id, entityId: nso.id });
      expect(merged.aliases).toContain('NSO');
    }
  }, 60_000);
});

describe('entities, links, merge and split', () => {
  it('links passages, merges with undo and redo, then splits the merged entity back', async () => {
    const en = sourceOf('001');
    const passage = await value('passages.create', { sourceId: en, target: { quote: 'NSO co-founder Omri Lavie allegedly said' } });
    const omri = await value('entities.create', { type: 'Person', name: 'Omri Lavie', passageIds: [passage.id] });
    expect(omri.passageCount).toBe(1);
    expect(omri.mentionCount).toBeGreaterThanOrEqual(3);
    const lavie = await value('entities.create', { type: 'Person', name: 'Mr Lavie', aliases: ['Lavie'], properties: { nationality: ['il'] } });
    const hulio = await value('entities.create', { type: 'Person', name: 'Shalev Hulio' });
    const p2 = await value('passages.create', { sourceId: sourceOf('000'), target: { quote: 'Shalev Hulio and Omri Lavie' } });
    await value('entities.link', { passageId: p2.id, entityIds: [lavie.id, hulio.id] });
    const rel = await value('relationships.create', { subjectId: lavie.id, objectId: hulio.id, kind: 'associate', evidencePassageIds: [p2.id] });
    expect(rel.unsupported).toBe(false);

    const merged = await value('entities.merge', { fromId: lavie.id, intoId: omri.id });
    expect(merged.entity.aliases).toEqual(expect.arrayContaining(['Mr Lavie', 'Lavie']));
    expect(merged.entity.properties.nationality).toEqual(['il']);
    expect(merged.entity.passageCount).toBe(2);
    expect(merged.entity.relationshipCount).toBe(1);
    expect(merged.entity.mergedFrom.map((m) => m.id)).toEqual([lavie.id]);
    expect((await call('entities.get', { id: lavie.id })).ok).toBe(false);

    // Ctrl+Z undoes the merge through the passages' history, and redo does it again.
    const undone = await value('history.undo', {});
    expect(undone.done?.label).toContain('Merge');
    expect((await value('entities.get', { id: lavie.id })).entity.passageCount).toBe(1);
    expect((await value('entities.get', { id: omri.id })).entity.aliases).not.toContain('Lavie');
    await value('history.redo', {});
    expect((await call('entities.get', { id: lavie.id })).ok).toBe(false);

    const split = await value('entities.split', { id: omri.id, mergedId: lavie.id });
    expect(split.restored.name).toBe('Mr Lavie');
    expect(split.restored.passageCount).toBe(1);
    expect(split.entity.aliases).not.toContain('Lavie');
    expect(split.entity.properties.nationality).toBeUndefined();
    const rels = await value('relationships.list', { entityId: lavie.id });
    expect(rels.relationships.map((r) => r.subject.id)).toEqual([lavie.id]);

    // Renaming keeps links.
    const renamed = await value('entities.update', { id: omri.id, name: 'Omri Lavie (NSO)', keepOldNameAsAlias: true });
    expect(renamed.passageCount).toBe(1);
    expect(renamed.aliases).toContain('Omri Lavie');
    const looked = await value('entities.lookup', { query: 'omri lav' });
    expect(looked.matches[0]?.entity.id).toBe(omri.id);
    const fuzzy = await value('entities.lookup', { query: 'Hullio' });
    expect(fuzzy.matches[0]?.entity.id).toBe(hulio.id);
  }, 60_000);

  it('marks relationships without evidence unsupported, also when the evidence passage is deleted', async () => {
    const a = await value('entities.create', { type: 'Person', name: 'Gary Miller' });
    const b = await value('entities.create', { type: 'Company', name: 'Mobileum SA' });
    const none = await value('relationships.create', { subjectId: a.id, objectId: b.id, kind: 'employee-of' });
    expect(none.unsupported).toBe(true);
    const p = await value('passages.create', { sourceId: sourceOf('000'), target: { quote: 'his employer at the time, Mobileum' } });
    const supported = await value('relationships.update', { id: none.id, addEvidence: [p.id] });
    expect(supported.unsupported).toBe(false);
    expect(supported.evidence[0]?.quote).toBe('his employer at the time, Mobileum');
    await value('passages.delete', { id: p.id });
    const after = await value('relationships.list', { entityId: a.id, unsupportedOnly: true });
    expect(after.relationships.map((r) => r.id)).toContain(none.id);
    const graph = await value('entities.graph', { entityIds: [a.id], neighbours: true });
    expect(graph.edges.find((e) => e.id === none.id)?.unsupported).toBe(true);
    expect(graph.nodes.map((n) => n.id).sort()).toEqual([a.id, b.id].sort());
  }, 60_000);

  it('edits a relationship in one undoable step each, offers evidence from both ends, and says plainly when evidence is gone', async () => {
    const a = await value('entities.create', { type: 'Person', name: 'Shalev Hulio (edit)' });
    const b = await value('entities.create', { type: 'Company', name: 'NSO Group (edit)' });
    const p = await value('passages.create', { sourceId: sourceOf('000'), target: { quote: 'had offered “bags of cash”' } });
    const q = await value('passages.create', { sourceId: sourceOf('000'), target: { quote: 'New Delhi' } });
    const elsewhere = await value('passages.create', { sourceId: sourceOf('000'), target: { quote: 'embattled Israeli cybertech firm' } });
    await value('entities.link', { passageId: p.id, entityIds: [a.id, b.id] });
    await value('entities.link', { passageId: q.id, entityIds: [b.id] });
    const r = await value('relationships.create', { subjectId: a.id, objectId: b.id, kind: 'associate' });
    expect(r.unsupported).toBe(true);

    // Choices: passages linked to either end (saying which), plus the one asked for by id; gone ids are left out.
    const { passages } = await value('relationships.evidenceChoices', { entityIds: [a.id, b.id], passageIds: [elsewhere.id, 'p_gone'] });
    expect(passages.map((c) => c.id).sort()).toEqual([p.id, q.id, elsewhere.id].sort());
    expect(passages.find((c) => c.id === p.id)?.linkedTo.sort()).toEqual([a.id, b.id].sort());
    expect(passages.find((c) => c.id === q.id)?.linkedTo).toEqual([b.id]);
    expect(passages.find((c) => c.id === elsewhere.id)?.linkedTo).toEqual([]);
    expect(passages.find((c) => c.id === p.id)?.sourceTitle).toBe(sources.find((s) => s.id === sourceOf('000'))?.title);
    expect((await call('relationships.evidenceChoices', { entityIds: ['e_gone'] })).ok).toBe(false);

    // Adding evidence is one step, named for what it did; undo takes it back to unsupported.
    const depth = async () => (await value('history.state', {})).undoDepth;
    const before = await depth();
    const supported = await value('relationships.update', { id: r.id, addEvidence: [p.id, elsewhere.id] });
    expect(supported.unsupported).toBe(false);
    expect(supported.evidence.map((e) => e.id)).toEqual([p.id, elsewhere.id]);
    const state = await value('history.state', {});
    expect(state.undoDepth).toBe(before + 1);
    expect(state.undo?.label).toBe('Add evidence to "Shalev Hulio (edit)" associate of "NSO Group (edit)"');
    await value('history.undo', {});
    expect((await value('relationships.list', { entityId: a.id })).relationships.find((x) => x.id === r.id)?.unsupported).toBe(true);
    await value('history.redo', {});

    // Kind, label, dates, description and evidence together: still one step.
    const edited = await value('relationships.update', {
      id: r.id,
      kind: 'co-founder-of',
      label: 'in 2010',
      startDate: '2010',
      endDate: '2019-05',
      description: 'Per the company history.',
      removeEvidence: [elsewhere.id],
      addEvidence: [q.id],
    });
    expect(edited).toMatchObject({ kind: 'co-founder-of', label: 'in 2010', startDate: '2010', endDate: '2019-05', description: 'Per the company history.' });
    expect(edited.displayLabel).toBe('co-founder of (in 2010)');
    expect(edited.evidence.map((e) => e.id)).toEqual([p.id, q.id]);
    expect((await value('history.state', {})).undo?.label).toBe('Edit relationship "Shalev Hulio (edit)" co-founder of "NSO Group (edit)"');
    expect(await depth()).toBe(before + 2);

    // Removing the last evidence marks it unsupported again.
    const removed = await value('relationships.update', { id: r.id, removeEvidence: [p.id, q.id] });
    expect(removed.unsupported).toBe(true);
    expect((await value('history.state', {})).undo?.label).toMatch(/^Remove evidence from /);

    // A change that changes nothing is no step at all.
    const steps = await depth();
    await value('relationships.update', { id: r.id, kind: 'co-founder-of', removeEvidence: [p.id] });
    expect(await depth()).toBe(steps);

    // Evidence deleted meanwhile, dates out of order, and a relationship that is gone: plain words, nothing changed.
    await value('passages.delete', { id: elsewhere.id });
    const gone = await call('relationships.update', { id: r.id, addEvidence: [elsewhere.id], label: 'changed' });
    expect(gone.ok).toBe(false);
    if (!gone.ok) {
      expect(gone.error.code).toBe('NOT_FOUND');
      expect(gone.error.message).toBe('A passage chosen as evidence no longer exists: it was deleted, or its creation undone, meanwhile. Choose another.');
    }
    const backwards = await call('relationships.update', { id: r.id, startDate: '2020', endDate: '2019-05' });
    expect(backwards.ok ? null : backwards.error.message).toBe('The relationship cannot end (2019-05) before it starts (2020).');
    expect((await call('relationships.update', { id: r.id, startDate: '2019-05-02', endDate: '2019-05' })).ok).toBe(true);
    const after = (await value('relationships.list', { entityId: a.id })).relationships.find((x) => x.id === r.id);
    expect(after?.label).toBe('in 2010');
    await value('relationships.delete', { id: r.id });
    const missing = await call('relationships.update', { id: r.id, label: 'x' });
    expect(missing.ok ? null : missing.error.message).toBe('That relationship no longer exists.');
  }, 60_000);

  it('builds a timeline from dates in quotes and hand-set dates', async () => {
    const p = await value('passages.create', { sourceId: sourceOf('000'), target: { quote: 'during a conference call in August 2017' } });
    const q = await value('passages.create', { sourceId: sourceOf('000'), target: { quote: 'the Pegasus Project', prefix: 'Last year, ' } });
    await value('entities.setPassageDate', { passageId: q.id, date: '2021-07-18' });
    const { items } = await value('entities.timeline', {});
    const mine = items.filter((i) => i.passage && [p.id, q.id].includes(i.passage.id));
    expect(mine.map((i) => [i.date, i.origin])).toEqual([
      ['2017-08', 'extracted'],
      ['2021-07-18', 'manual'],
    ]);
  }, 60_000);
});

describe('FollowTheMoney', () => {
  it('exports valid lines (whitelisted schemas and properties) and imports them back', async () => {
    const { content } = await value('entities.exportFtm', {});
    const lines = content.trim().split('\n').map((l) => JSON.parse(l) as { id: string; schema: string; properties: Record<string, string[]> });
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      expect(typeof line.id).toBe('string');
      const allowed = FTM_PROPERTIES[line.schema];
      expect(allowed, line.schema).toBeDefined();
      for (const [key, values] of Object.entries(line.properties)) {
        expect(allowed, `${line.schema}.${key}`).toContain(key);
        expect(values.every((v) => typeof v === 'string')).toBe(true);
      }
    }
    expect(lines.some((l) => l.schema === 'Associate' && l.properties.person && l.properties.associate)).toBe(true);
    expect(lines.some((l) => l.schema === 'Employment' && l.properties.employee && l.properties.employer)).toBe(true);

    const before = (await value('entities.list', {})).entities.length;
    const roundTrip = await value('entities.importFtm', { content });
    expect(roundTrip.errors).toEqual([]);
    expect(roundTrip.entitiesCreated).toBe(0);
    expect(roundTrip.entitiesUpdated).toBe(before);
    expect((await value('entities.list', {})).entities.length).toBe(before);

    const foreign = [
      JSON.stringify({ id: 'x1', schema: 'Person', properties: { name: ['Karsten Nohl'], nationality: ['de'] } }),
      JSON.stringify({ id: 'x2', schema: 'Company', properties: { name: ['Security Research Labs'] } }),
      JSON.stringify({ id: 'x3', schema: 'Employment', properties: { employee: ['x1'], employer: ['x2'], role: ['chief scientist'] } }),
      '{not json',
      JSON.stringify({ id: 'x4', schema: 'Person', properties: { name: ['A'], shoeSize: ['44'] } }),
      JSON.stringify({ id: 'x5', properties: {} }),
      JSON.stringify({ id: 'x6', schema: 'Pages', properties: {} }),
      JSON.stringify({ id: 'x7', schema: 'UnknownLink', properties: { subject: ['x1'], object: ['nowhere'] } }),
    ].join('\n');
    const report = await value('entities.importFtm', { content: foreign });
    expect(report.entitiesCreated).toBe(2);
    expect(report.relationshipsCreated).toBe(1);
    expect(report.skipped).toEqual([{ schema: 'Pages', count: 1 }]);
    expect(report.errors.map((e) => e.line)).toEqual([4, 5, 6, 8]);
    expect(report.errors[1]?.message).toContain('shoeSize');
    const karsten = (await value('entities.list', { query: 'karsten' })).entities[0];
    expect(karsten?.relationshipCount).toBe(1);
    const csv = await value('entities.exportCsv', {});
    expect(csv.nodes.content).toContain('Karsten Nohl');
    expect(csv.edges.content).toContain('employee-of');
  }, 60_000);
});
