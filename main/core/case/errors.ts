import { CasefileError } from '../../../shared/api/result';
import { VaultError } from '../vault';

/** Vault errors already carry user-facing sentences and codes that exist in the contract; keep both. */
export function toCasefileError(error: unknown): unknown {
  if (error instanceof VaultError) return new CasefileError(error.code, error.message);
  return error;
}

export async function translateVaultErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toCasefileError(error);
  }
}
