import type { ApiError } from '../../api/client';

export type ErrorExplanation = { summary: string; detail: string | null; file: string | null };

/** Pulls the damaged file's name out of a vault message: quoted text first, then anything that looks like a path. */
export function fileNamedIn(message: string): string | null {
  const quoted = /[“"'`‘]([^“”"'`‘’]+?)[”"'`’]/.exec(message)?.[1];
  if (quoted && /[./\\]/.test(quoted)) return quoted;
  const pathLike = /(?:[\w.-]+[/\\])*[\w-]+\.[A-Za-z0-9]{1,8}\b/.exec(message)?.[0];
  return pathLike ?? quoted ?? null;
}

/** Unlock and create failures in plain words, one distinct sentence per code. */
export function explainAccessError(error: ApiError): ErrorExplanation {
  const detail = error.message.trim() === '' ? null : error.message;
  switch (error.code) {
    case 'WRONG_PASSPHRASE':
      return { summary: 'That passphrase does not open this case.', detail: null, file: null };
    case 'TAMPERED':
      return {
        summary: 'A file in this case was changed or damaged outside Casefile, so it will not be trusted.',
        detail,
        file: fileNamedIn(error.message),
      };
    case 'UNSUPPORTED_VERSION':
      return {
        summary: 'This case was saved in a format this version of Casefile does not know. Update Casefile to open it.',
        detail,
        file: null,
      };
    case 'IN_USE':
      return {
        summary: 'This case is already open in another Casefile window or process. Close it there first.',
        detail,
        file: null,
      };
    case 'KDF_PARAMS':
      return {
        summary:
          'The key-derivation settings in this case’s header are outside safe limits, so Casefile refuses to use them. The header may have been altered.',
        detail,
        file: null,
      };
    case 'DISK':
      return { summary: 'Casefile could not read or write the case folder on disk.', detail, file: null };
    case 'NOT_A_CASE':
      return { summary: 'This folder is not a Casefile case.', detail, file: null };
    case 'CASE_EXISTS':
      return { summary: 'A case already exists in that folder. Choose another folder name.', detail, file: null };
    case 'BAD_INPUT':
      return { summary: error.message, detail: null, file: null };
    default:
      return { summary: error.message || 'Something went wrong.', detail: null, file: null };
  }
}
