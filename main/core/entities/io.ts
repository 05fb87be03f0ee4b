import type { FtmImportReport, RelationshipRecord } from '../../../shared/domain/entity';
import { RELATIONSHIP_LABELS } from '../../../shared/domain/entity';
import { newId } from '../case/ids';
import { toCsv } from '../passages/csv';
import type { DbOp } from '../vault/api';
import { edgeEnds, entityToFtm, ftmProblem, ftmSchemaOf, isEdgeSchema, kindOfSchema, relationshipToFtm, typeOfSchema } from './ftm';
import type { EntityBook } from './model';
import { TABLE_ENTITIES, TABLE_RELATIONSHIPS, put, type StoredEntity } from './store';

/** Entities first, then relationships (Aleph resolves references either way, but readers of the file like it so). */
export function exportFtm(book: EntityBook): string {
  const { entities, relationships } = book.records();
  const byId = new Map(entities.map((e) => [e.id, e]));
  const lines = entities.sort((a, b) => a.name.localeCompare(b.name)).map((e) => JSON.stringify(entityToFtm(e)));
  for (const r of relationships.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
    const ftm = relationshipToFtm(r, byId);
    if (ftm) lines.push(JSON.stringify(ftm));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export async function exportCsv(book: EntityBook): Promise<{ nodes: string; edges: string }> {
  const summaries = await book.summaries();
  const nodes: (string | number | null)[][] = [['id', 'type', 'ftm_schema', 'name', 'aliases', 'description', 'mentions', 'passages', 'relationships']];
  for (const e of summaries.sort((a, b) => a.name.localeCompare(b.name))) {
    nodes.push([e.id, e.type, ftmSchemaOf(e), e.name, e.aliases.join('; '), e.description, e.mentionCount, e.passageCount, e.relationshipCount]);
  }
  const views = await book.relationshipViews(() => true);
  const edges: (string | number | null)[][] = [['id', 'source', 'target', 'source_name', 'target_name', 'kind', 'label', 'evidence_passages', 'unsupported', 'start_date', 'end_date']];
  for (const r of views) {
    edges.push([r.id, r.subjectId, r.objectId, r.subject.name, r.object.name, r.kind, r.kind === 'other' ? r.label : RELATIONSHIP_LABELS[r.kind], r.evidence.map((p) => p.id).join(' '), r.unsupported ? 'yes' : 'no', r.startDate, r.endDate]);
  }
  return { nodes: toCsv(nodes), edges: toCsv(edges) };
}

/**
 * Imports FtM JSON lines. Entities with an id Casefile exported ("casefile-<id>") update that entity; others are
 * matched by schema-compatible type and folded name, else created. Every line is validated; bad ones are reported.
 */
export async function importFtm(book: EntityBook, content: string, researcher: string): Promise<FtmImportReport> {
  const report: FtmImportReport = { entitiesCreated: 0, entitiesUpdated: 0, relationshipsCreated: 0, skipped: [], errors: [] };
  const skipped = new Map<string, number>();
  const { entities, relationships } = book.records();
  const byId = new Map(entities.map((e) => [e.id, e]));
  const pending = new Map<string, StoredEntity>();
  const ftmToLocal = new Map<string, string>();
  const edges: { line: number; schema: string; props: Record<string, string[]>; id: string }[] = [];
  const lines = content.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim().length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      report.errors.push({ line, message: 'not valid JSON' });
      return;
    }
    const schemaName = (value as { schema?: unknown }).schema;
    const problem = ftmProblem(value);
    if (problem) {
      if (typeof schemaName === 'string' && problem.startsWith('schema ') && /^[A-Z][A-Za-z]+$/.test(schemaName)) {
        skipped.set(schemaName, (skipped.get(schemaName) ?? 0) + 1);
        return;
      }
      report.errors.push({ line, message: problem });
      return;
    }
    const v = value as { id: string; schema: string; properties: Record<string, string[]> };
    if (isEdgeSchema(v.schema)) {
      edges.push({ line, schema: v.schema, props: v.properties, id: v.id });
      return;
    }
    const type = typeOfSchema(v.schema, v.properties);
    const name = v.properties.name?.[0] ?? v.properties.full?.[0] ?? v.properties.username?.[0];
    if (!type || !name) {
      report.errors.push({ line, message: `${v.schema} without a name` });
      return;
    }
    const { name: _n, alias = [], description = [], full: _f, username: _u, ...rest } = v.properties;
    void _n;
    void _f;
    void _u;
    const localId = v.id.startsWith('casefile-') ? v.id.slice('casefile-'.length) : null;
    const existing = localId ? (pending.get(localId) ?? byId.get(localId)) : undefined;
    if (existing) {
      const next: StoredEntity = {
        ...existing,
        name: name.normalize('NFC'),
        aliases: [...new Set([...existing.aliases, ...alias.map((a) => a.normalize('NFC'))])].filter((a) => a !== name),
        description: description.join('\n\n') || existing.description,
        properties: { ...existing.properties, ...rest },
        updatedAt: new Date().toISOString(),
      };
      pending.set(existing.id, next);
      ftmToLocal.set(v.id, existing.id);
      report.entitiesUpdated++;
      return;
    }
    const created = book.newEntityRecord({ type, name: name.normalize('NFC'), aliases: alias.map((a) => a.normalize('NFC')), description: description.join('\n\n'), properties: rest });
    while (pending.has(created.id)) created.id = newId('e');
    pending.set(created.id, created);
    ftmToLocal.set(v.id, created.id);
    report.entitiesCreated++;
  });
  const ops: DbOp[] = [...pending.values()].map((e) => put(TABLE_ENTITIES, e.id, e));
  const known = (ftmId: string): string | null => {
    const local = ftmToLocal.get(ftmId);
    if (local) return local;
    const bare = ftmId.startsWith('casefile-') ? ftmId.slice('casefile-'.length) : null;
    return bare && byId.has(bare) ? bare : null;
  };
  const existingRelIds = new Set(relationships.map((r) => r.id));
  for (const edge of edges) {
    const ends = edgeEnds(edge.schema);
    if (!ends) continue;
    const subject = edge.props[ends.subject]?.[0];
    const object = edge.props[ends.object]?.[0];
    const s = subject ? known(subject) : null;
    const o = object ? known(object) : null;
    if (!s || !o) {
      report.errors.push({ line: edge.line, message: `${edge.schema} refers to an entity that is neither in the file nor in the case` });
      continue;
    }
    const bareId = edge.id.startsWith('casefile-') ? edge.id.slice('casefile-'.length) : null;
    if (bareId && existingRelIds.has(bareId)) continue;
    const role = edge.props[ends.roleProp]?.[0] ?? '';
    const kind = kindOfSchema(edge.schema, role);
    const now = new Date().toISOString();
    const record: RelationshipRecord = {
      id: newId('r'),
      subjectId: s,
      objectId: o,
      kind,
      label: kind === 'other' ? role || edge.schema : kind === 'co-founder-of' || kind === 'client-of' || kind === 'met-with' ? '' : role,
      evidencePassageIds: [],
      startDate: edge.props.startDate?.[0]?.match(/^\d{4}(-\d{2}(-\d{2})?)?$/) ? (edge.props.startDate[0] ?? null) : null,
      endDate: edge.props.endDate?.[0]?.match(/^\d{4}(-\d{2}(-\d{2})?)?$/) ? (edge.props.endDate[0] ?? null) : null,
      description: edge.props.description?.join('\n\n') ?? '',
      createdAt: now,
      createdBy: researcher,
      updatedAt: now,
    };
    ops.push(put(TABLE_RELATIONSHIPS, record.id, record));
    report.relationshipsCreated++;
  }
  report.skipped = [...skipped.entries()].map(([schema, count]) => ({ schema, count }));
  if (ops.length > 0) await book.commitImport('Import FollowTheMoney entities', ops);
  return report;
}
