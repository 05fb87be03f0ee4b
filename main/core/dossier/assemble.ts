/**
 * Turns a dossier record into a DossierDocument: every reference resolved (passages re-anchored against their
 * sources' current text, entities and relationships read), citations numbered in reading order, redactions applied
 * to every string, and the citation check. All output formats render from this one document, so the PDF, DOCX,
 * HTML, Markdown and JSON of a dossier always agree.
 */
import { createHash } from 'node:crypto';
import type { CitationCheck, DossierRecord, DossierVerify, PaperSize, RenderOptions } from '../../../shared/domain/dossier';
import { RELATIONSHIP_LABELS, type EntityRecord } from '../../../shared/domain/entity';
import type { AnchorState, PassageRecord } from '../../../shared/domain/passage';
import { AnchorText, CONTEXT_CODE_POINTS, anchorAll, contextAround, pageAt } from '../../../shared/text/anchoring';
import { sourceRecord, type SourceRecord } from '../case/case-db';
import { translateVaultErrors } from '../case/errors';
import type { Vault } from '../vault/api';
import { allEntities, allRelationships, entityById, manualPassageDate, passageById, passagesOfEntity } from './case-data';
import { extractDate, isoPrefix } from './dates';
import { renderGraphSvg } from './graph-svg';
import { buildRedactor, type Redactor } from './redact';

export interface SourceInfo {
  /** 1-based number in the appendix, in order of first citation. */
  number: number;
  id: string;
  title: string;
  author: string | null;
  outlet: string | null;
  date: string | null;
  url: string | null;
  sha256: string;
  importedAt: string;
  type: string;
  pages: number | null;
  language: string | null;
  originalName: string;
  originalPath: string | null;
}

export interface Citation {
  number: number;
  passageId: string;
  source: SourceInfo | null;
  /** The text as it stands in the source at start..end (the stored quote when it cannot be found). */
  quote: string;
  prefix: string;
  suffix: string;
  start: number | null;
  end: number | null;
  page: number | null;
  /** Last page the quote runs onto, when it spans a page break. */
  pageEnd: number | null;
  note: string;
  tags: string[];
  anchor: CitationCheck['anchor'];
  rtl: boolean;
}

export interface ProfileDoc {
  anchor: string;
  name: string;
  type: string;
  aliases: string[];
  description: string;
  properties: [string, string[]][];
  relationships: { text: string; dates: string; citations: Citation[]; unsupported: boolean }[];
  evidence: Citation[];
}

export interface TimelineItemDoc {
  date: string | null;
  endDate: string | null;
  /** How the date is known: set by hand, read from the quote, the source's date, or an event's own date. */
  origin: 'manual' | 'quote' | 'source' | 'event' | 'none';
  label: string;
  citation: Citation | null;
}

export type RenderBlock =
  | { type: 'narrative'; markdown: string }
  | { type: 'quotes'; citations: Citation[] }
  | { type: 'entities'; profiles: ProfileDoc[] }
  | { type: 'graph'; svg: string; caption: string; nodes: number; edges: number }
  | { type: 'timeline'; caption: string; items: TimelineItemDoc[] }
  | { type: 'note'; text: string };

export interface SectionDoc {
  number: number;
  anchor: string;
  title: string;
  blocks: RenderBlock[];
}

export interface DossierDocument {
  id: string;
  title: string;
  author: string;
  date: string;
  label: string;
  paper: PaperSize;
  generatedAt: string;
  sections: SectionDoc[];
  citations: Citation[];
  sources: SourceInfo[];
  verify: DossierVerify;
  redactionLabels: string[];
  includeInternals: boolean;
  redact: Redactor;
}

/** Evidence listed under a profile; more would turn a profile into a second quotes section. */
const MAX_PROFILE_EVIDENCE = 12;

const RTL_STRONG = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const LTR_STRONG = /[A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]/u;

/** Direction of the first strong character, as dir="auto" decides it. */
export function isRtl(text: string): boolean {
  for (const ch of text) {
    if (RTL_STRONG.test(ch)) return true;
    if (LTR_STRONG.test(ch)) return false;
  }
  return false;
}

/** Stable, opaque anchors: ids must not leak into a document meant for outsiders. */
function anchorFor(kind: string, id: string, dossierId: string): string {
  return `${kind}-${createHash('sha256').update(`${dossierId}\u0000${id}`).digest('hex').slice(0, 10)}`;
}

interface Resolved {
  record: PassageRecord;
  source: SourceRecord | undefined;
  state: AnchorState | 'missing-source';
  start: number | null;
  end: number | null;
  found: string | null;
  text: AnchorText | null;
}

async function resolvePassages(vault: Vault, ids: readonly string[]): Promise<Map<string, Resolved>> {
  const bySource = new Map<string, PassageRecord[]>();
  for (const id of ids) {
    const p = passageById(vault, id);
    if (!p) continue;
    bySource.set(p.sourceId, [...(bySource.get(p.sourceId) ?? []), p]);
  }
  const out = new Map<string, Resolved>();
  for (const [sourceId, list] of bySource) {
    const source = sourceRecord(vault, sourceId);
    if (!source) {
      for (const p of list) out.set(p.id, { record: p, source, state: 'missing-source', start: null, end: null, found: null, text: null });
      continue;
    }
    const bytes = await translateVaultErrors(() => vault.readBlob(source.textBlob));
    const text = new AnchorText(new TextDecoder().decode(bytes));
    const results = anchorAll(text, list);
    for (const p of list) {
      const r = results.get(p.id) ?? { state: 'orphaned' as const, start: null, end: null, found: null };
      out.set(p.id, { record: p, source, state: r.state, start: r.start, end: r.end, found: r.found, text });
    }
  }
  return out;
}

function outletOf(source: SourceRecord): string | null {
  const m = source.metadata ?? {};
  return m.siteName ?? m.publisher ?? m.site_name ?? m.outlet ?? null;
}

function message(check: Omit<CitationCheck, 'message'>): string {
  const where = check.sourceTitle ? `"${check.sourceTitle}"` : 'its source';
  switch (check.anchor) {
    case 'anchored':
      return 'The quote is at its recorded place in the source.';
    case 'moved':
      return `The quote is in ${where}, at a new place (the text before it changed).`;
    case 'changed':
      return `The quoted text has changed in ${where}; re-attach the passage or quote the new text.`;
    case 'orphaned':
      return `The quote no longer occurs in ${where}; re-attach the passage or remove the citation.`;
    case 'missing-passage':
      return 'The passage was deleted from the case; remove the citation.';
    case 'missing-source':
      return 'The source of this passage is no longer in the case; remove the citation.';
  }
}

export interface AssembleOptions extends RenderOptions {
  tagPaths?: Map<string, string>;
}

export async function assembleDossier(vault: Vault, dossier: DossierRecord, options: AssembleOptions): Promise<DossierDocument> {
  const { redact, labels } = buildRedactor(vault, dossier, options.redact);
  const includeInternals = options.includeInternals;

  // Pass 1: every passage the document will show, in reading order, so numbers follow the page.
  const order: { passageId: string; sectionTitle: string }[] = [];
  const seen = new Set<string>();
  const cite = (id: string, sectionTitle: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    order.push({ passageId: id, sectionTitle });
  };
  const profileEvidence = (entity: EntityRecord): { evidence: string[]; relationships: ReturnType<typeof allRelationships> } => {
    const relationships = allRelationships(vault)
      .filter((r) => r.subjectId === entity.id || r.objectId === entity.id)
      .sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
    const evidence = [...new Set(passagesOfEntity(vault, entity.id))].filter((id) => passageById(vault, id)).slice(0, MAX_PROFILE_EVIDENCE);
    return { evidence, relationships };
  };
  const timelinePassages = (block: { passageIds: string[]; entityIds: string[] }): string[] => {
    const ids = [...block.passageIds];
    for (const e of block.entityIds) ids.push(...passagesOfEntity(vault, e));
    return [...new Set(ids)].filter((id) => passageById(vault, id));
  };
  for (const section of dossier.sections) {
    for (const block of section.blocks) {
      if (block.type === 'quotes') for (const id of block.passageIds) cite(id, section.title);
      if (block.type === 'entities') {
        for (const entityId of block.entityIds) {
          const entity = entityById(vault, entityId);
          if (!entity) continue;
          const { evidence, relationships } = profileEvidence(entity);
          for (const r of relationships) for (const id of r.evidencePassageIds) if (passageById(vault, id)) cite(id, section.title);
          for (const id of evidence) cite(id, section.title);
        }
      }
      if (block.type === 'timeline') for (const id of timelinePassages(block)) cite(id, section.title);
    }
  }

  const resolved = await resolvePassages(vault, order.map((o) => o.passageId));
  const sources = new Map<string, SourceInfo>();
  const sourceInfo = (record: SourceRecord): SourceInfo => {
    let info = sources.get(record.id);
    if (!info) {
      info = {
        number: sources.size + 1,
        id: record.id,
        title: redact(record.title),
        author: record.author === null ? null : redact(record.author),
        outlet: ((o) => (o === null ? null : redact(o)))(outletOf(record)),
        date: record.date,
        url: record.url === null ? null : redact(record.url),
        sha256: record.sha256,
        importedAt: record.importedAt,
        type: record.type,
        pages: record.pages,
        language: record.language,
        originalName: redact(record.originalName),
        originalPath: record.originalPath === null ? null : redact(record.originalPath),
      };
      sources.set(record.id, info);
    }
    return info;
  };

  const citations = new Map<string, Citation>();
  const checks: CitationCheck[] = [];
  order.forEach(({ passageId, sectionTitle }, i) => {
    const number = i + 1;
    const r = resolved.get(passageId);
    if (!r) {
      checks.push({ number, passageId, sectionTitle, sourceId: null, sourceTitle: null, quote: '', anchor: 'missing-passage', ok: false, found: null, message: message({ number, passageId, sectionTitle, sourceId: null, sourceTitle: null, quote: '', anchor: 'missing-passage', ok: false, found: null }) });
      citations.set(passageId, { number, passageId, source: null, quote: '', prefix: '', suffix: '', start: null, end: null, page: null, pageEnd: null, note: '', tags: [], anchor: 'missing-passage', rtl: false });
      return;
    }
    const info = r.source ? sourceInfo(r.source) : null;
    const exact = r.record.selectors.quote.exact;
    const usable = r.start !== null && r.end !== null && r.text !== null && (r.state === 'anchored' || r.state === 'moved');
    const quote = usable && r.text ? r.text.index.slice(r.start ?? 0, r.end ?? 0) : exact;
    const ctx = usable && r.text ? contextAround(r.text, r.start ?? 0, r.end ?? 0, CONTEXT_CODE_POINTS) : { before: r.record.selectors.quote.prefix, after: r.record.selectors.quote.suffix };
    const page = r.start !== null ? pageAt(r.source?.pageStarts, r.start) : r.record.page;
    const pageEnd = r.end !== null && r.end > 0 ? pageAt(r.source?.pageStarts, r.end - 1) : null;
    const anchor = r.state;
    const ok = anchor === 'anchored' || anchor === 'moved';
    const base = { number, passageId, sectionTitle: redact(sectionTitle), sourceId: r.record.sourceId, sourceTitle: info?.title ?? null, quote: redact(exact), anchor, ok, found: r.found === null ? null : redact(r.found) };
    checks.push({ ...base, message: message(base) });
    citations.set(passageId, {
      number,
      passageId,
      source: info,
      quote: redact(quote),
      prefix: redact(ctx.before),
      suffix: redact(ctx.after),
      start: r.start,
      end: r.end,
      page,
      pageEnd: pageEnd !== null && page !== null && pageEnd > page ? pageEnd : null,
      note: redact(r.record.note),
      tags: r.record.tagIds.map((t) => redact(options.tagPaths?.get(t) ?? t)),
      anchor,
      rtl: isRtl(quote),
    });
  });
  const citationOf = (id: string): Citation | null => citations.get(id) ?? null;

  const profile = (entity: EntityRecord): ProfileDoc => {
    const { evidence, relationships } = profileEvidence(entity);
    const nameOf = (id: string): string => redact(entityById(vault, id)?.name ?? 'an entity no longer in the case');
    return {
      anchor: anchorFor('entity', entity.id, dossier.id),
      name: redact(entity.name),
      type: entity.type,
      aliases: [...new Set(entity.aliases.map(redact))].filter((a) => a !== redact(entity.name)),
      description: redact(entity.description),
      properties: Object.entries(entity.properties)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, v.map(redact)] as [string, string[]]),
      relationships: relationships.map((r) => {
        const verb = r.kind === 'other' ? r.label : RELATIONSHIP_LABELS[r.kind] + (r.label ? ` (${r.label})` : '');
        const cites = r.evidencePassageIds.map(citationOf).filter((c): c is Citation => c !== null);
        return {
          text: `${nameOf(r.subjectId)} ${redact(verb)} ${nameOf(r.objectId)}`,
          dates: [r.startDate, r.endDate].filter(Boolean).join(' – '),
          citations: cites,
          unsupported: cites.length === 0,
        };
      }),
      evidence: evidence.map(citationOf).filter((c): c is Citation => c !== null),
    };
  };

  const sections = dossier.sections.map((section, i): SectionDoc => ({
    number: i + 1,
    anchor: anchorFor('section', section.id, dossier.id),
    title: redact(section.title),
    blocks: section.blocks.map((block): RenderBlock => {
      switch (block.type) {
        case 'narrative':
          return { type: 'narrative', markdown: redact(block.markdown) };
        case 'note':
          return { type: 'note', text: redact(block.text) };
        case 'quotes':
          return { type: 'quotes', citations: block.passageIds.map(citationOf).filter((c): c is Citation => c !== null) };
        case 'entities':
          return {
            type: 'entities',
            profiles: block.entityIds.map((id) => entityById(vault, id)).filter((e): e is EntityRecord => e !== undefined).map(profile),
          };
        case 'graph': {
          const relationships = allRelationships(vault);
          const wanted = block.entityIds.length > 0 ? new Set(block.entityIds) : new Set(relationships.flatMap((r) => [r.subjectId, r.objectId]));
          const entities = allEntities(vault).filter((e) => wanted.has(e.id));
          const keys = new Set(entities.map((e) => e.id));
          const edges = relationships.filter((r) => keys.has(r.subjectId) && keys.has(r.objectId));
          const key = (id: string): string => anchorFor('node', id, dossier.id);
          const svg = renderGraphSvg(
            entities.map((e) => ({ key: key(e.id), name: redact(e.name), type: e.type })),
            edges.map((r) => ({
              from: key(r.subjectId),
              to: key(r.objectId),
              label: redact(r.kind === 'other' ? r.label : RELATIONSHIP_LABELS[r.kind]),
              unsupported: !r.evidencePassageIds.some((p) => passageById(vault, p)),
            })),
          );
          return { type: 'graph', svg, caption: redact(block.caption), nodes: entities.length, edges: edges.length };
        }
        case 'timeline': {
          const items: TimelineItemDoc[] = timelinePassages(block).map((id) => {
            const c = citationOf(id);
            const manual = manualPassageDate(vault, id);
            const fromQuote = c ? extractDate(c.quote) : null;
            const fromSource = isoPrefix(c?.source?.date ?? null);
            const date = manual?.date ?? fromQuote?.date ?? fromSource;
            const origin: TimelineItemDoc['origin'] = manual ? 'manual' : fromQuote ? 'quote' : fromSource ? 'source' : 'none';
            return { date: date ?? null, endDate: manual?.endDate ?? null, origin, label: c?.source?.title ?? '', citation: c };
          });
          for (const entityId of block.entityIds) {
            const e = entityById(vault, entityId);
            const date = e?.properties.date?.[0] ?? e?.properties.startDate?.[0];
            if (e && date) items.push({ date, endDate: e.properties.endDate?.[0] ?? null, origin: 'event', label: redact(e.name), citation: null });
          }
          items.sort((a, b) => (a.date === null ? 1 : 0) - (b.date === null ? 1 : 0) || (a.date ?? '').localeCompare(b.date ?? '') || (a.citation?.number ?? 0) - (b.citation?.number ?? 0));
          return { type: 'timeline', caption: redact(block.caption), items };
        }
      }
    }),
  }));

  const verify: DossierVerify = { ok: checks.every((c) => c.ok), citations: checks, problems: checks.filter((c) => !c.ok) };
  return {
    id: dossier.id,
    title: redact(dossier.title),
    author: redact(dossier.author),
    date: dossier.date,
    label: redact(dossier.label),
    paper: options.paper ?? dossier.paper,
    generatedAt: new Date().toISOString(),
    sections,
    citations: [...citations.values()].sort((a, b) => a.number - b.number),
    sources: [...sources.values()].sort((a, b) => a.number - b.number),
    verify,
    redactionLabels: labels,
    includeInternals,
    redact,
  };
}
