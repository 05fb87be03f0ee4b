import { CasefileError } from '../../../shared/api/result';
import type {
  BlockContent,
  DossierBlock,
  DossierRecord,
  DossierSection,
  DossierSummary,
  PaperSize,
  Redaction,
} from '../../../shared/domain/dossier';
import type { HistoryEntry } from '../../../shared/domain/passage';
import { sourceRecord } from '../case/case-db';
import { translateVaultErrors } from '../case/errors';
import { newId } from '../case/ids';
import type { OpenCase } from '../case/open-case';
import { passagesOf, type PassageBook } from '../passages/model';
import type { Vault } from '../vault/api';
import { entityById, passageById, passagesOfEntity } from './case-data';
import { deleteDossier, dossierRecord, dossierRecords, putDossier } from './store';

export interface CreateDossierInput {
  title: string;
  author: string;
  date: string;
  label: string;
  paper: PaperSize;
  fromTagIds: string[];
  fromEntityIds: string[];
}

export interface UpdateDossierInput {
  id: string;
  title?: string | undefined;
  author?: string | undefined;
  date?: string | undefined;
  label?: string | undefined;
  paper?: PaperSize | undefined;
  redactions?: Redaction[] | undefined;
}

function clampIndex(index: number | undefined, length: number): number {
  return index === undefined ? length : Math.max(0, Math.min(index, length));
}

/** Passages cited in quotes blocks, first occurrence order. */
export function citedPassageIds(record: DossierRecord): string[] {
  const seen = new Set<string>();
  for (const section of record.sections) {
    for (const block of section.blocks) if (block.type === 'quotes') for (const id of block.passageIds) seen.add(id);
  }
  return [...seen];
}

/**
 * Dossiers of one open case. Every change is one step in the passages' History (the same undo stack as tagging), so
 * "undo" in the composer and in the reader walk back through one timeline.
 */
export class DossierBook {
  constructor(
    private readonly opened: OpenCase,
    private readonly researcher: string,
  ) {}

  private get vault(): Vault {
    return this.opened.vault;
  }

  private get passages(): PassageBook {
    return passagesOf(this.opened, this.researcher);
  }

  private async commit(label: string, next: DossierRecord | null, id: string): Promise<void> {
    const entry: HistoryEntry = { label, sourceIds: [], codebook: false };
    const op = next ? putDossier(next) : deleteDossier(id);
    await translateVaultErrors(() => this.passages.history.apply(entry, [op]));
  }

  list(): DossierSummary[] {
    return dossierRecords(this.vault)
      .map((d) => ({
        id: d.id,
        title: d.title,
        author: d.author,
        date: d.date,
        label: d.label,
        sectionCount: d.sections.length,
        citationCount: citedPassageIds(d).length,
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
      }))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.title.localeCompare(b.title));
  }

  get(id: string): DossierRecord {
    const record = dossierRecord(this.vault, id);
    if (!record) throw new CasefileError('NOT_FOUND', 'That dossier is not in this case.');
    return record;
  }

  /** By id, or by title when exactly one dossier has it (the CLI names dossiers by title). */
  find(idOrTitle: string): DossierRecord {
    const byId = dossierRecord(this.vault, idOrTitle);
    if (byId) return byId;
    const byTitle = dossierRecords(this.vault).filter((d) => d.title === idOrTitle);
    if (byTitle.length === 1 && byTitle[0]) return byTitle[0];
    if (byTitle.length > 1) throw new CasefileError('BAD_INPUT', `${byTitle.length} dossiers are titled "${idOrTitle}"; use an id.`);
    throw new CasefileError('NOT_FOUND', `No dossier with id or title "${idOrTitle}".`);
  }

  private async change(id: string, label: string, edit: (draft: DossierRecord) => void): Promise<DossierRecord> {
    const draft = structuredClone(this.get(id));
    edit(draft);
    draft.updatedAt = new Date().toISOString();
    await this.commit(label, draft, id);
    return draft;
  }

  async create(input: CreateDossierInput): Promise<DossierRecord> {
    const sections: DossierSection[] = [];
    for (const tagId of input.fromTagIds) sections.push(await this.sectionFromTag(tagId));
    for (const entityId of input.fromEntityIds) sections.push(this.sectionFromEntity(entityId));
    const now = new Date().toISOString();
    const record: DossierRecord = {
      id: newId('d'),
      title: input.title,
      author: input.author,
      date: input.date,
      label: input.label,
      paper: input.paper,
      redactions: [],
      sections,
      createdAt: now,
      createdBy: this.researcher,
      updatedAt: now,
    };
    await this.commit('Create dossier', record, record.id);
    return record;
  }

  private async sectionFromTag(tagId: string): Promise<DossierSection> {
    const tag = this.passages.listCodebook().find((t) => t.id === tagId);
    if (!tag) throw new CasefileError('NOT_FOUND', 'That tag is not in this case.');
    const passages = await this.passages.tagPassages({ tagId, includeDescendants: true, contextChars: 0 });
    const blocks: DossierBlock[] = passages.length > 0 ? [{ id: newId('b'), type: 'quotes', passageIds: passages.map((p) => p.id) }] : [];
    return { id: newId('sec'), title: tag.path.join(' / '), blocks };
  }

  private sectionFromEntity(entityId: string): DossierSection {
    const entity = entityById(this.vault, entityId);
    if (!entity) throw new CasefileError('NOT_FOUND', 'That entity is not in this case.');
    const ids = [...new Set(passagesOfEntity(this.vault, entityId))].filter((id) => passageById(this.vault, id));
    const title = (p: string): string => sourceRecord(this.vault, passageById(this.vault, p)?.sourceId ?? '')?.title ?? '';
    const start = (p: string): number => passageById(this.vault, p)?.selectors.position.start ?? 0;
    ids.sort((a, b) => title(a).localeCompare(title(b)) || start(a) - start(b));
    const blocks: DossierBlock[] = [{ id: newId('b'), type: 'entities', entityIds: [entityId] }];
    if (ids.length > 0) blocks.push({ id: newId('b'), type: 'quotes', passageIds: ids });
    return { id: newId('sec'), title: entity.name, blocks };
  }

  async update(input: UpdateDossierInput): Promise<DossierRecord> {
    if (input.redactions) for (const r of input.redactions) if (r.entityId !== null) this.requireEntity(r.entityId);
    return this.change(input.id, input.redactions ? 'Change dossier redactions' : 'Edit dossier details', (d) => {
      if (input.title !== undefined) d.title = input.title;
      if (input.author !== undefined) d.author = input.author;
      if (input.date !== undefined) d.date = input.date;
      if (input.label !== undefined) d.label = input.label;
      if (input.paper !== undefined) d.paper = input.paper;
      if (input.redactions !== undefined) d.redactions = input.redactions.map((r) => ({ entityId: r.entityId, terms: r.terms, label: r.label }));
    });
  }

  async delete(id: string): Promise<{ id: string }> {
    this.get(id);
    await this.commit('Delete dossier', null, id);
    return { id };
  }

  // ---------------------------------------------------------------------------------------------- sections

  private section(d: DossierRecord, sectionId: string): DossierSection {
    const section = d.sections.find((s) => s.id === sectionId);
    if (!section) throw new CasefileError('NOT_FOUND', 'That section is not in this dossier.');
    return section;
  }

  async addSection(dossierId: string, title: string, index?: number): Promise<DossierRecord> {
    return this.change(dossierId, 'Add dossier section', (d) => {
      d.sections.splice(clampIndex(index, d.sections.length), 0, { id: newId('sec'), title, blocks: [] });
    });
  }

  async updateSection(dossierId: string, sectionId: string, title: string): Promise<DossierRecord> {
    return this.change(dossierId, 'Rename dossier section', (d) => {
      this.section(d, sectionId).title = title;
    });
  }

  async moveSection(dossierId: string, sectionId: string, index: number): Promise<DossierRecord> {
    return this.change(dossierId, 'Move dossier section', (d) => {
      const section = this.section(d, sectionId);
      d.sections = d.sections.filter((s) => s !== section);
      d.sections.splice(clampIndex(index, d.sections.length), 0, section);
    });
  }

  async deleteSection(dossierId: string, sectionId: string): Promise<DossierRecord> {
    return this.change(dossierId, 'Delete dossier section', (d) => {
      const section = this.section(d, sectionId);
      d.sections = d.sections.filter((s) => s !== section);
    });
  }

  // ---------------------------------------------------------------------------------------------- blocks

  private requireEntity(id: string): void {
    if (!entityById(this.vault, id)) throw new CasefileError('NOT_FOUND', `No entity with id "${id}" in this case.`);
  }

  private checkContent(block: BlockContent): void {
    const passageIds = block.type === 'quotes' || block.type === 'timeline' ? block.passageIds : [];
    const missing = passageIds.filter((id) => !passageById(this.vault, id));
    if (missing.length > 0) throw new CasefileError('NOT_FOUND', `No passage with id ${missing.map((m) => `"${m}"`).join(', ')} in this case.`);
    if (block.type === 'quotes' && new Set(block.passageIds).size !== block.passageIds.length) {
      throw new CasefileError('BAD_INPUT', 'A passage appears twice in the same quotes block.');
    }
    const entityIds = block.type === 'entities' || block.type === 'graph' || block.type === 'timeline' ? block.entityIds : [];
    for (const id of entityIds) this.requireEntity(id);
  }

  private findBlock(d: DossierRecord, blockId: string): { section: DossierSection; index: number } {
    for (const section of d.sections) {
      const index = section.blocks.findIndex((b) => b.id === blockId);
      if (index >= 0) return { section, index };
    }
    throw new CasefileError('NOT_FOUND', 'That block is not in this dossier.');
  }

  async addBlock(dossierId: string, sectionId: string, block: BlockContent, index?: number): Promise<DossierRecord> {
    this.checkContent(block);
    return this.change(dossierId, `Add ${block.type} block`, (d) => {
      const section = this.section(d, sectionId);
      section.blocks.splice(clampIndex(index, section.blocks.length), 0, { ...block, id: newId('b') });
    });
  }

  async updateBlock(dossierId: string, blockId: string, block: BlockContent): Promise<DossierRecord> {
    this.checkContent(block);
    return this.change(dossierId, `Edit ${block.type} block`, (d) => {
      const { section, index } = this.findBlock(d, blockId);
      section.blocks[index] = { ...block, id: blockId };
    });
  }

  async moveBlock(dossierId: string, blockId: string, sectionId: string, index: number): Promise<DossierRecord> {
    return this.change(dossierId, 'Move dossier block', (d) => {
      const target = this.section(d, sectionId);
      const from = this.findBlock(d, blockId);
      const [block] = from.section.blocks.splice(from.index, 1);
      if (!block) return;
      target.blocks.splice(clampIndex(index, target.blocks.length), 0, block);
    });
  }

  async deleteBlock(dossierId: string, blockId: string): Promise<DossierRecord> {
    return this.change(dossierId, 'Delete dossier block', (d) => {
      const { section, index } = this.findBlock(d, blockId);
      section.blocks.splice(index, 1);
    });
  }
}

const books = new WeakMap<OpenCase, DossierBook>();

export function dossiersOf(opened: OpenCase, researcher: string): DossierBook {
  let book = books.get(opened);
  if (!book) {
    book = new DossierBook(opened, researcher);
    books.set(opened, book);
  }
  return book;
}
