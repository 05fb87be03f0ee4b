// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { EvidenceChoice, PassageRef, RelationshipView } from '../../../shared/domain/entity';
import { ApiError } from '../../../renderer/api/client';
import type { Call } from '../../../renderer/api/client';
import type { EntitiesHost } from '../../../renderer/features/entities/host';
import { RelationshipForm } from '../../../renderer/features/entities/RelationshipForm';
import {
  NEW_RELATIONSHIP,
  draftOf,
  draftProblem,
  evidenceGroups,
  excerpt,
  relationshipChanges,
  relationshipCreation,
  relationshipPeriod,
  supportSummary,
} from '../../../renderer/features/entities/relationshipDraft';
import { mountedRoot } from './support/mounted';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const omri = { id: 'e-omri', type: 'Person', name: 'Omri Lavie' } as const;
const nso = { id: 'e-nso', type: 'Company', name: 'NSO Group' } as const;

const ref = (id: string, quote: string): PassageRef => ({ id, sourceId: 's1', sourceTitle: 'The Wire', quote, start: 0, end: quote.length, tagIds: [] });
const choice = (id: string, quote: string, linkedTo: string[]): EvidenceChoice => ({ ...ref(id, quote), linkedTo });

function relationship(patch: Partial<RelationshipView> = {}): RelationshipView {
  return {
    id: 'r1',
    subjectId: omri.id,
    objectId: nso.id,
    kind: 'met-with',
    label: '',
    evidencePassageIds: [],
    startDate: null,
    endDate: null,
    description: '',
    createdAt: '2026-01-01T00:00:00Z',
    createdBy: 'me',
    updatedAt: '2026-01-01T00:00:00Z',
    subject: omri,
    object: nso,
    displayLabel: 'met with',
    evidence: [],
    unsupported: true,
    ...patch,
  };
}

describe('relationship drafts', () => {
  const supported = relationship({ evidencePassageIds: ['p1', 'p-deleted'], evidence: [ref('p1', 'bags of cash')], unsupported: false });
  const ends = { subjectId: omri.id, objectId: nso.id };

  it('sends nothing when nothing changed, and only what changed otherwise', () => {
    expect(relationshipChanges(supported, draftOf(supported), ends)).toBeNull();
    expect(relationshipChanges(supported, { ...draftOf(supported), label: '  ' }, ends)).toBeNull();
    expect(relationshipChanges(supported, { ...draftOf(supported), kind: 'co-founder-of', label: ' CEO ', startDate: '2010 ' }, ends)).toEqual({
      id: 'r1',
      kind: 'co-founder-of',
      label: 'CEO',
      startDate: '2010',
    });
    expect(relationshipChanges(supported, draftOf(supported), { subjectId: nso.id, objectId: omri.id })).toEqual({ id: 'r1', subjectId: nso.id, objectId: omri.id });
    expect(relationshipChanges(relationship({ startDate: '2010' }), { ...draftOf(relationship()), startDate: '' }, ends)).toEqual({ id: 'r1', startDate: null });
  });

  it('edits evidence by additions and removals, so a deleted passage still in the record is left alone', () => {
    const draft = { ...draftOf(supported), evidence: ['p2', 'p3'] };
    expect(relationshipChanges(supported, draft, ends)).toEqual({ id: 'r1', addEvidence: ['p2', 'p3'], removeEvidence: ['p1'] });
    // A passage that vanished from the offered choices (deleted meanwhile) is not sent again.
    expect(relationshipChanges(supported, draft, ends, new Set(['p1', 'p3']))).toEqual({ id: 'r1', addEvidence: ['p3'], removeEvidence: ['p1'] });
    expect(relationshipCreation({ ...NEW_RELATIONSHIP, evidence: ['p2', 'p3'], label: ' x ' }, ends, new Set(['p3']))).toEqual({
      ...ends,
      kind: 'associate',
      label: 'x',
      evidencePassageIds: ['p3'],
      startDate: null,
      endDate: null,
      description: '',
    });
  });

  it('says what stops a save', () => {
    expect(draftProblem(NEW_RELATIONSHIP)).toBeNull();
    expect(draftProblem({ ...NEW_RELATIONSHIP, kind: 'other', label: ' ' })).toBe('Say what the relationship is.');
    expect(draftProblem({ ...NEW_RELATIONSHIP, startDate: '2017-8' })).toBe('“From” is not a date: write 2017, 2017-08 or 2017-08-14.');
    expect(draftProblem({ ...NEW_RELATIONSHIP, endDate: '2021-13' })).toBe('“Until” is not a date: write 2017, 2017-08 or 2017-08-14.');
    expect(draftProblem({ ...NEW_RELATIONSHIP, startDate: '2018', endDate: '2017-05' })).toBe('The relationship cannot end before it starts: check the dates.');
    expect(draftProblem({ ...NEW_RELATIONSHIP, startDate: '2017-08', endDate: '2017' })).toBeNull();
  });

  it('groups evidence stably: current first, then the reader’s passage, then passages linked to either end', () => {
    const choices = [choice('p1', 'a', [omri.id]), choice('p2', 'b', [nso.id]), choice('p3', 'c', []), choice('p4', 'd', [omri.id, nso.id])];
    const groups = evidenceGroups([ref('p1', 'a')], choices, 'p3');
    expect(groups.current.map((i) => i.passage.id)).toEqual(['p1']);
    expect(groups.reader?.passage.id).toBe('p3');
    expect(groups.linked.map((i) => i.passage.id)).toEqual(['p2', 'p4']);
    // The reader's passage already evidence: not offered twice.
    expect(evidenceGroups([ref('p1', 'a')], choices, 'p1').reader).toBeNull();
    expect(evidenceGroups([], choices, null).linked.map((i) => i.passage.id)).toEqual(['p1', 'p2', 'p4']);
  });

  it('words the status, periods and excerpts', () => {
    expect(supportSummary(0)).toBe('No evidence chosen: it will be marked unsupported.');
    expect(supportSummary(1)).toBe('Supported by 1 passage.');
    expect(supportSummary(3)).toBe('Supported by 3 passages.');
    expect(relationshipPeriod('2010', '2019-05')).toBe('2010 – May 2019');
    expect(relationshipPeriod('2010', null)).toBe('since 2010');
    expect(relationshipPeriod(null, '2019-05-02')).toBe('until 2 May 2019');
    expect(relationshipPeriod(null, null)).toBeNull();
    expect(excerpt('short')).toBe('short');
    const long = excerpt('word '.repeat(60));
    expect(long.length).toBeLessThanOrEqual(160);
    expect(long.endsWith('word…')).toBe(true);
  });
});

type Sent = { method: MethodName; input: unknown };
type Answers = Partial<{ [M in MethodName]: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> }>;

function fakeHost(answers: Answers, readerPassageId: string | null = null) {
  const sent: Sent[] = [];
  const notes: string[] = [];
  let edits = 0;
  const call = (async (method: MethodName, input: unknown) => {
    sent.push({ method, input });
    const answer = answers[method] as ((input: unknown) => unknown) | undefined;
    if (!answer) throw new Error(`unexpected ${method}`);
    return answer(input);
  }) as Call;
  const host: EntitiesHost = {
    call,
    version: '1',
    tags: [],
    afterEdit: () => void (edits += 1),
    notify: (m) => void notes.push(m),
    fail: (e) => void notes.push(`fail: ${String(e)}`),
    openPassage: () => undefined,
    openSource: () => undefined,
    openEntity: () => undefined,
    readerPassageId: () => readerPassageId,
  };
  return { host, sent, notes, edits: () => edits };
}

describe('RelationshipForm, editing', () => {
  const dom = mountedRoot();

  const flush = () => act(async () => void (await new Promise((resolve) => setTimeout(resolve, 0))));
  const q = <T extends Element = HTMLElement>(selector: string) => dom.el.querySelector<T & HTMLElement>(selector);
  const key = (target: Element | null, k: string, extra: KeyboardEventInit = {}) =>
    act(() => void target?.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...extra })));
  const choices = [choice('p-linked', 'bags of cash', [omri.id, nso.id]), choice('p-reader', 'blacklisted the NSO Group', [])];

  it('focuses the kind, offers the reader’s passage and linked ones, updates the status live, and saves once on Enter', async () => {
    const { host, sent, notes, edits } = fakeHost(
      {
        'relationships.evidenceChoices': () => ({ passages: choices }),
        'relationships.update': () => relationship({ kind: 'co-founder-of', evidencePassageIds: ['p-reader'], evidence: [ref('p-reader', 'blacklisted the NSO Group')], unsupported: false }),
      },
      'p-reader',
    );
    let done: boolean | null = null;
    act(() => dom.root.render(<RelationshipForm host={host} entity={omri} relationship={relationship()} onDone={(saved) => void (done = saved)} />));
    await flush();
    expect(document.activeElement).toBe(q('[data-testid="relationship-kind"]'));
    expect(sent[0]).toEqual({ method: 'relationships.evidenceChoices', input: { entityIds: [omri.id, nso.id], passageIds: ['p-reader'] } });
    expect(q('[data-testid="evidence-reader"]')?.textContent).toContain('blacklisted the NSO Group');
    expect(q('[data-testid="evidence-linked"]')?.textContent).toContain('Linked to Omri Lavie or NSO Group');
    expect(q('[data-testid="evidence-status"]')?.textContent).toContain('Unsupported');

    const readerBox = q<HTMLInputElement>('[data-testid="evidence-reader"] input[type="checkbox"]');
    act(() => readerBox?.click());
    expect(q('[data-testid="evidence-status"]')?.textContent).toBe('Supported by 1 passage.');
    const kind = q<HTMLSelectElement>('[data-testid="relationship-kind"]');
    act(() => {
      if (!kind) return;
      const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')?.set;
      setter?.call(kind, 'co-founder-of');
      kind.dispatchEvent(new Event('change', { bubbles: true }));
    });
    key(readerBox, 'Enter');
    await flush();
    const updates = sent.filter((s) => s.method === 'relationships.update');
    expect(updates).toEqual([{ method: 'relationships.update', input: { id: 'r1', kind: 'co-founder-of', addEvidence: ['p-reader'] } }]);
    expect(edits()).toBe(1);
    expect(notes).toEqual(['Relationship saved: supported by 1 passage now']);
    expect(done).toBe(true);
  });

  it('cancels on Escape and closes without a call when nothing changed', async () => {
    const { host, sent } = fakeHost({ 'relationships.evidenceChoices': () => ({ passages: choices }) });
    const closed: boolean[] = [];
    act(() => dom.root.render(<RelationshipForm host={host} entity={omri} relationship={relationship()} onDone={(saved) => void closed.push(saved)} />));
    await flush();
    key(q('[data-testid="relationship-label"]'), 'Escape');
    act(() => q<HTMLFormElement>('form')?.requestSubmit());
    await flush();
    expect(closed).toEqual([false, false]);
    expect(sent.map((s) => s.method)).toEqual(['relationships.evidenceChoices']);
  });

  it('shows a refused save in plain words, reloads the choices, and does not send the vanished passage again', async () => {
    let offered = choices;
    const { host, sent } = fakeHost({
      'relationships.evidenceChoices': () => ({ passages: offered }),
      'relationships.update': (input) => {
        if (input.addEvidence?.includes('p-linked')) throw new ApiError('NOT_FOUND', 'A passage chosen as evidence no longer exists.');
        return relationship();
      },
    });
    act(() => dom.root.render(<RelationshipForm host={host} entity={omri} relationship={relationship()} onDone={() => undefined} />));
    await flush();
    act(() => q<HTMLInputElement>('[data-testid="evidence-linked"] input[type="checkbox"]')?.click());
    offered = choices.filter((c) => c.id !== 'p-linked');
    act(() => q<HTMLFormElement>('form')?.requestSubmit());
    await flush();
    expect(q('[role="alert"]')?.textContent).toBe('A passage chosen as evidence no longer exists.');
    expect(sent.filter((s) => s.method === 'relationships.evidenceChoices')).toHaveLength(2);
    expect(q('[data-testid="evidence-linked"]')).toBeNull();
    expect(q('[data-testid="evidence-status"]')?.textContent).toContain('Unsupported');
    // Typing clears the message; the next save carries only what still exists (here: nothing about evidence).
    const label = q<HTMLInputElement>('[data-testid="relationship-label"]');
    act(() => {
      if (!label) return;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(label, 'at a conference');
      label.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(q('[role="alert"]')).toBeNull();
    act(() => q<HTMLFormElement>('form')?.requestSubmit());
    await flush();
    expect(sent.filter((s) => s.method === 'relationships.update').at(-1)?.input).toEqual({ id: 'r1', label: 'at a conference' });
  });

  it('starts the draft again from the relationship as it now stands when undo changes it under the open form', async () => {
    const { host, sent } = fakeHost({
      'relationships.evidenceChoices': () => ({ passages: choices }),
      'relationships.update': () => relationship(),
    });
    act(() => dom.root.render(<RelationshipForm host={host} entity={omri} relationship={relationship()} onDone={() => undefined} />));
    await flush();
    const label = () => q<HTMLInputElement>('[data-testid="relationship-label"]');
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(label(), 'typed before the undo');
      label()?.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(q('[data-testid="relationship-changed-elsewhere"]')).toBeNull();
    // Undo from the toolbar: the profile reloads and hands the form the relationship as it is now.
    act(() =>
      dom.root.render(
        <RelationshipForm host={host} entity={omri} relationship={relationship({ label: 'as restored by undo', updatedAt: '2026-01-02T00:00:00Z' })} onDone={() => undefined} />,
      ),
    );
    await flush();
    expect(label()?.value).toBe('as restored by undo');
    expect(q('[data-testid="relationship-changed-elsewhere"]')?.textContent).toContain('changed while you edited it');
    // Saving now sends nothing stale: the draft equals the relationship, so there is nothing to send.
    act(() => q<HTMLFormElement>('form')?.requestSubmit());
    await flush();
    expect(sent.filter((s) => s.method === 'relationships.update')).toEqual([]);
  });
});
