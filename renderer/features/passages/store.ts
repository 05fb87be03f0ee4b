import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { HistoryState, PassageStatus, PassageView } from '../../../shared/domain/passage';
import type { TagView } from '../../../shared/domain/tag';
import { nextTagColor } from '../reader/highlightColors';

type Call = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

export type SourcePassages = { status: 'loading' } | { status: 'ready'; passages: PassageView[] } | { status: 'error'; message: string };

export type PassagesState = {
  tags: TagView[] | null;
  bySource: Readonly<Record<string, SourcePassages>>;
  history: HistoryState | null;
  researcher: string;
  /** The last thing that went wrong, for a toast; cleared by `dismissProblem`. */
  problem: string | null;
  /** Bumped whenever tags change in a way a tag view (passages across sources) should reload for. */
  revision: number;
  /**
   * Changes sent to main whose step is not yet in `history`: Undo is already possible while they are on their way
   * (main orders the undo after them), so Ctrl+Z right after Enter undoes that tagging instead of doing nothing.
   */
  changesInFlight: number;
};

/** Either an existing tag or a name to create a tag from (Enter on a name no tag has). */
export type TagChoice = { id: string } | { newName: string };

const PENDING = 'pending:';
export const isPending = (id: string) => id.startsWith(PENDING);

/** Anchored passages by position, then orphans (no position) in the order they came. */
export function readingOrder(passages: readonly PassageView[]): PassageView[] {
  const placed = passages.filter((p) => p.start !== null && p.end !== null);
  const orphans = passages.filter((p) => p.start === null || p.end === null);
  placed.sort((a, b) => (a.start ?? 0) - (b.start ?? 0) || (a.end ?? 0) - (b.end ?? 0));
  return [...placed, ...orphans];
}

/**
 * Passages and the codebook for the open case. Creating a passage shows it at once (a pending copy) and swaps
 * in main's answer when it comes: the researcher sees the highlight on the keystroke, not after an encrypted
 * write. Every mutation goes through main, which records it for undo/redo.
 */
export class PassageStore {
  private state: PassagesState = { tags: null, bySource: {}, history: null, researcher: '', problem: null, revision: 0, changesInFlight: 0 };
  private readonly listeners = new Set<() => void>();
  private pendingCount = 0;

  /** Called with every failure first, so a locked case sends the user back to the unlock screen. */
  private onFailure: (error: unknown) => string = (error) => (error instanceof Error ? error.message : String(error));

  constructor(private readonly call: Call) {}

  setFailureHandler(handler: (error: unknown) => string): void {
    this.onFailure = handler;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): PassagesState => this.state;

  private set(patch: Partial<PassagesState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private setPassages(sourceId: string, update: (list: PassageView[]) => PassageView[]): void {
    const current = this.state.bySource[sourceId];
    const list = current?.status === 'ready' ? current.passages : [];
    this.set({ bySource: { ...this.state.bySource, [sourceId]: { status: 'ready', passages: readingOrder(update(list)) } } });
  }

  /** Counts a change as in flight until its step is in `history` (or it failed); call the returned function once. */
  private beginChange(): () => void {
    this.set({ changesInFlight: this.state.changesInFlight + 1 });
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.set({ changesInFlight: this.state.changesInFlight - 1 });
    };
  }

  private fail(error: unknown): void {
    this.set({ problem: this.onFailure(error) });
  }

  dismissProblem = (): void => this.set({ problem: null });

  tagsById(): Map<string, TagView> {
    return new Map((this.state.tags ?? []).map((tag) => [tag.id, tag]));
  }

  async start(): Promise<void> {
    await Promise.all([
      this.call('app.info', {}).then((info) => this.set({ researcher: info.researcher }), () => undefined),
      this.refreshTags(),
      this.refreshHistory(),
    ]);
  }

  async refreshTags(): Promise<void> {
    try {
      const { tags } = await this.call('codebook.list', {});
      // Keep optimistic tags until main has answered for them.
      const pending = (this.state.tags ?? []).filter((tag) => isPending(tag.id));
      this.set({ tags: [...tags, ...pending], revision: this.state.revision + 1 });
    } catch (error) {
      this.fail(error);
    }
  }

  async refreshHistory(): Promise<void> {
    try {
      this.set({ history: await this.call('history.state', {}) });
    } catch {
      // Undo availability is a nicety; a failure here shows up on the next real action.
    }
  }

  async loadSource(sourceId: string, force = false): Promise<void> {
    const known = this.state.bySource[sourceId];
    if (known && !force && known.status !== 'error') return;
    if (!known) this.set({ bySource: { ...this.state.bySource, [sourceId]: { status: 'loading' } } });
    try {
      const list = await this.call('passages.listForSource', { sourceId });
      const pending = this.passagesOf(sourceId).filter((p) => isPending(p.id));
      this.setPassages(sourceId, () => [...list.passages, ...pending]);
    } catch (error) {
      const message = this.onFailure(error);
      this.set({ bySource: { ...this.state.bySource, [sourceId]: { status: 'error', message } } });
    }
  }

  passagesOf(sourceId: string): PassageView[] {
    const entry = this.state.bySource[sourceId];
    return entry?.status === 'ready' ? entry.passages : [];
  }

  private findPassage(id: string): PassageView | null {
    for (const entry of Object.values(this.state.bySource)) {
      if (entry.status !== 'ready') continue;
      const found = entry.passages.find((p) => p.id === id);
      if (found) return found;
    }
    return null;
  }

  private replacePassage(view: PassageView, replacing = view.id): void {
    this.setPassages(view.sourceId, (list) => [...list.filter((p) => p.id !== replacing && p.id !== view.id), view]);
  }

  private addPendingTag(name: string): TagView {
    const now = new Date().toISOString();
    const tag: TagView = {
      id: `${PENDING}tag-${(this.pendingCount += 1)}`,
      guid: '',
      name,
      parentId: null,
      color: nextTagColor((this.state.tags ?? []).map((t) => t.color)),
      description: '',
      createdAt: now,
      createdBy: this.state.researcher,
      path: [name],
      passageCount: 0,
      subtreePassageCount: 0,
    };
    this.set({ tags: [...(this.state.tags ?? []), tag] });
    return tag;
  }

  private dropTag(id: string): void {
    this.set({ tags: (this.state.tags ?? []).filter((tag) => tag.id !== id) });
  }

  /** Puts main's new tags where the optimistic one was, so highlights keep their colour until the codebook reloads. */
  private settleTag(pendingTag: TagView | null, created: readonly TagView[]): void {
    if (!pendingTag && created.length === 0) return;
    const replaced = new Set([pendingTag?.id, ...created.map((tag) => tag.id)]);
    this.set({ tags: [...(this.state.tags ?? []).filter((tag) => !replaced.has(tag.id)), ...created] });
  }

  /**
   * What a choice asks main for: an existing tag's id, or a tag to create in the same step as the passage change
   * (so one undo takes both back). A name the codebook already has at the top level is that tag.
   */
  private planChoice(choice: TagChoice): { tagId: string } | { newName: string } {
    if ('id' in choice) return { tagId: choice.id };
    const name = choice.newName.trim();
    const existing = (this.state.tags ?? []).find(
      (tag) => !isPending(tag.id) && tag.parentId === null && tag.name.toLocaleLowerCase() === name.toLocaleLowerCase(),
    );
    return existing ? { tagId: existing.id } : { newName: name };
  }

  /**
   * Tags a selection (code point offsets) with one tag. Returns the pending id at once (so the caller can select
   * the new passage) and settles in the background.
   */
  tagSelection(sourceId: string, start: number, end: number, exact: string, choice: TagChoice): { pendingId: string; done: Promise<PassageView | null> } {
    const plan = this.planChoice(choice);
    let pendingTag: TagView | null = null;
    let shownTagId: string;
    let request: Pick<MethodInput<'passages.create'>, 'tagIds' | 'newTags'>;
    if ('tagId' in plan) {
      shownTagId = plan.tagId;
      request = { tagIds: [plan.tagId] };
    } else {
      pendingTag = this.addPendingTag(plan.newName);
      shownTagId = pendingTag.id;
      // One call, one commit, one undo step: main creates the tag and the passage together.
      request = { newTags: [{ name: plan.newName, color: pendingTag.color }] };
    }
    const now = new Date().toISOString();
    const pending: PassageView = {
      id: `${PENDING}passage-${(this.pendingCount += 1)}`,
      sourceId,
      start,
      end,
      page: null,
      exact,
      found: null,
      anchor: 'anchored',
      tagIds: [shownTagId],
      note: '',
      status: null,
      researcher: this.state.researcher,
      createdAt: now,
      updatedAt: now,
    };
    this.setPassages(sourceId, (list) => [...list, pending]);
    const endChange = this.beginChange();
    const done = (async () => {
      try {
        const { newTags, ...created } = await this.call('passages.create', { sourceId, target: { start, end }, ...request });
        this.settleTag(pendingTag, newTags);
        this.replacePassage(created, pending.id);
        void this.afterChange(false).finally(endChange);
        return created;
      } catch (error) {
        endChange();
        this.setPassages(sourceId, (list) => list.filter((p) => p.id !== pending.id));
        if (pendingTag) this.dropTag(pendingTag.id);
        this.fail(error);
        return null;
      }
    })();
    return { pendingId: pending.id, done };
  }

  private async afterChange(reloadAllSources: boolean, sourceIds: readonly string[] = []): Promise<void> {
    const reload = reloadAllSources ? Object.keys(this.state.bySource) : sourceIds;
    await Promise.all([this.refreshTags(), this.refreshHistory(), ...reload.map((id) => this.loadSource(id, true))]);
  }

  /** Returns main's answer, or null when it failed (the passage is put back as it was and the problem shown). */
  private async update(
    id: string,
    input: Omit<MethodInput<'passages.update'>, 'id'>,
    optimistic: (p: PassageView) => PassageView,
    settle: (newTags: TagView[]) => void = () => undefined,
  ): Promise<PassageView | null> {
    const before = this.findPassage(id);
    if (!before || isPending(id)) return null;
    this.replacePassage(optimistic(before));
    const endChange = this.beginChange();
    try {
      const { newTags, ...updated } = await this.call('passages.update', { id, ...input });
      settle(newTags);
      this.replacePassage(updated);
      await this.afterChange(false);
      return updated;
    } catch (error) {
      this.replacePassage(before);
      this.fail(error);
      return null;
    } finally {
      endChange();
    }
  }

  async addTag(id: string, choice: TagChoice): Promise<void> {
    const plan = this.planChoice(choice);
    if ('tagId' in plan) {
      const { tagId } = plan;
      await this.update(id, { addTagIds: [tagId] }, (p) => ({ ...p, tagIds: p.tagIds.includes(tagId) ? p.tagIds : [...p.tagIds, tagId] }));
      return;
    }
    // A new tag is created in the same step as adding it, so one undo takes both back.
    const pendingTag = this.addPendingTag(plan.newName);
    const updated = await this.update(
      id,
      { addNewTags: [{ name: plan.newName, color: pendingTag.color }] },
      (p) => ({ ...p, tagIds: [...p.tagIds, pendingTag.id] }),
      (newTags) => this.settleTag(pendingTag, newTags),
    );
    if (!updated) this.dropTag(pendingTag.id);
  }

  removeTag = async (id: string, tagId: string): Promise<void> =>
    void (await this.update(id, { removeTagIds: [tagId] }, (p) => ({ ...p, tagIds: p.tagIds.filter((t) => t !== tagId) })));

  setNote = async (id: string, note: string): Promise<void> => void (await this.update(id, { note }, (p) => ({ ...p, note })));

  setStatus = async (id: string, status: PassageStatus | null): Promise<void> =>
    void (await this.update(id, { status }, (p) => ({ ...p, status })));

  async deletePassage(id: string): Promise<void> {
    const before = this.findPassage(id);
    if (!before || isPending(id)) return;
    this.setPassages(before.sourceId, (list) => list.filter((p) => p.id !== id));
    const endChange = this.beginChange();
    try {
      await this.call('passages.delete', { id });
      await this.afterChange(false);
    } catch (error) {
      this.setPassages(before.sourceId, (list) => [...list, before]);
      this.fail(error);
    } finally {
      endChange();
    }
  }

  async reattach(id: string, start: number, end: number): Promise<void> {
    try {
      this.replacePassage(await this.call('passages.reattach', { id, start, end }));
      await this.afterChange(false);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Undo or redo one step; returns what was done (for a status line), or null when there was nothing. */
  async step(direction: 'undo' | 'redo'): Promise<string | null> {
    try {
      const { done, state } = await this.call(direction === 'undo' ? 'history.undo' : 'history.redo', {});
      this.set({ history: state });
      if (!done) return null;
      const loaded = done.sourceIds.filter((id) => this.state.bySource[id] !== undefined);
      await Promise.all([
        done.codebook ? this.refreshTags() : Promise.resolve(),
        ...loaded.map((id) => this.loadSource(id, true)),
      ]);
      if (!done.codebook) this.set({ revision: this.state.revision + 1 });
      return done.label;
    } catch (error) {
      this.fail(error);
      return null;
    }
  }

  /** Asks main something that changes nothing (tag view, usage, export): no reload afterwards. */
  async query<M extends 'tags.passages' | 'tags.usage' | 'codebook.export'>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | null> {
    try {
      return await this.call(method, input);
    } catch (error) {
      this.fail(error);
      return null;
    }
  }

  /** Runs a codebook change in main, then reloads what it may have touched (tags renamed or merged show everywhere). */
  async codebook<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M> | null> {
    try {
      const result = await this.call(method, input);
      await this.afterChange(method === 'tags.merge' || method === 'tags.delete');
      return result;
    } catch (error) {
      this.fail(error);
      return null;
    }
  }
}
