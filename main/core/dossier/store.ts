import { dossierRecordSchema, type DossierRecord } from '../../../shared/domain/dossier';
import type { DbOp, Vault } from '../vault/api';

export const TABLE_DOSSIERS = 'dossiers';

/** Records are validated on the way out so a damaged or older record is skipped, not rendered half-way. */
export function dossierRecords(vault: Vault): DossierRecord[] {
  const out: DossierRecord[] = [];
  for (const value of Object.values(vault.db.tables[TABLE_DOSSIERS] ?? {})) {
    const parsed = dossierRecordSchema.safeParse(value);
    if (parsed.success) out.push(parsed.data as DossierRecord);
  }
  return out;
}

export function dossierRecord(vault: Vault, id: string): DossierRecord | undefined {
  const value = vault.db.tables[TABLE_DOSSIERS]?.[id];
  if (value === undefined) return undefined;
  const parsed = dossierRecordSchema.safeParse(value);
  return parsed.success ? (parsed.data as DossierRecord) : undefined;
}

export function putDossier(record: DossierRecord): DbOp {
  return { op: 'put', table: TABLE_DOSSIERS, id: record.id, value: record };
}

export function deleteDossier(id: string): DbOp {
  return { op: 'delete', table: TABLE_DOSSIERS, id };
}
