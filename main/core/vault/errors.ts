import type { VaultErrorCode } from './api';

/** The one error type the vault throws for anything a user can meet; `file` is relative to the case folder. */
export class VaultError extends Error {
  readonly code: VaultErrorCode;
  readonly file?: string;

  constructor(code: VaultErrorCode, message: string, file?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VaultError';
    this.code = code;
    if (file !== undefined) this.file = file;
  }
}

export function tampered(file: string, detail = 'failed its integrity check'): VaultError {
  return new VaultError(
    'TAMPERED',
    `The case file "${file}" ${detail}; it was damaged or altered, so Casefile will not use it.`,
    file,
  );
}

const DISK_MESSAGES: Record<string, string> = {
  ENOSPC: 'The disk is full, so the change was not saved; free some space and try again.',
  EDQUOT: 'Your disk quota is used up, so the change was not saved; free some space and try again.',
  EIO: 'The disk reported a read or write error, so the change was not saved; check the drive.',
  EACCES: 'Casefile is not allowed to write to the case folder, so the change was not saved.',
  EPERM: 'Casefile is not allowed to write to the case folder, so the change was not saved.',
  EROFS: 'The case folder is on a read-only disk, so the change was not saved.',
  EMFILE: 'Too many files are open on this computer, so the change was not saved; close some programs and try again.',
  ENFILE: 'Too many files are open on this computer, so the change was not saved; close some programs and try again.',
};

/** Turns an operating-system I/O failure into DISK; anything else (a bug) is rethrown untouched. */
export function toDiskError(error: unknown, file?: string): unknown {
  if (error instanceof VaultError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return error;
  const message = DISK_MESSAGES[code] ?? `The disk reported an error (${code}), so the change was not saved.`;
  return new VaultError('DISK', message, file, { cause: error });
}

export function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}
