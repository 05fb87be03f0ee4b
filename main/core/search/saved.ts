import { CasefileError } from '../../../shared/api/result';
import type { SavedSearch } from '../../../shared/search/schema';
import { newId } from '../case/ids';
import { translateVaultErrors } from '../case/errors';
import type { Vault } from '../vault/api';

/** Saved searches are ordinary records of the case, so they are encrypted and journalled like everything else. */
export const TABLE_SAVED_SEARCHES = 'savedSearches';

export function savedSearches(vault: Vault): SavedSearch[] {
  return (Object.values(vault.db.tables[TABLE_SAVED_SEARCHES] ?? {}) as SavedSearch[]).sort(
    (a, b) => a.name.localeCompare(b.name) || a.createdAt.localeCompare(b.createdAt),
  );
}

export function savedSearch(vault: Vault, id: string): SavedSearch {
  const found = vault.db.tables[TABLE_SAVED_SEARCHES]?.[id] as SavedSearch | undefined;
  if (!found) throw new CasefileError('NOT_FOUND', 'That saved search no longer exists.');
  return found;
}

export async function saveSearch(vault: Vault, researcher: string, input: { id?: string; name: string; query: string }): Promise<SavedSearch> {
  const now = new Date().toISOString();
  let record: SavedSearch;
  if (input.id) {
    const existing = savedSearch(vault, input.id);
    record = { ...existing, name: input.name, query: input.query, updatedAt: now };
  } else {
    let id = newId('q');
    while (vault.db.tables[TABLE_SAVED_SEARCHES]?.[id]) id = newId('q');
    record = { id, name: input.name, query: input.query, createdAt: now, createdBy: researcher, updatedAt: now };
  }
  await translateVaultErrors(() => vault.commit([{ op: 'put', table: TABLE_SAVED_SEARCHES, id: record.id, value: record }]));
  return record;
}

export async function deleteSavedSearch(vault: Vault, id: string): Promise<{ id: string }> {
  savedSearch(vault, id);
  await translateVaultErrors(() => vault.commit([{ op: 'delete', table: TABLE_SAVED_SEARCHES, id }]));
  return { id };
}
