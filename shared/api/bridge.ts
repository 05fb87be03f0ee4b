import type { MethodName } from './contract';
import type { Result } from './result';

/**
 * What the Electron preload exposes on `window.casefile`: one named function per contract method,
 * each taking the raw input and resolving to a Result envelope. Never a raw ipcRenderer.
 */
export type CasefileBridge = { readonly [M in MethodName]: (input: unknown) => Promise<Result<unknown>> };

export const IPC_CHANNEL_PREFIX = 'casefile:';

export function ipcChannel(method: MethodName): string {
  return `${IPC_CHANNEL_PREFIX}${method}`;
}

/** The loopback web host's bridge: POST JSON input to this path, read a Result envelope back. */
export function httpPath(method: MethodName): string {
  return `/api/${method}`;
}
