import { METHOD_NAMES } from '../../../shared/api/contract';
import { ipcChannel, type CasefileBridge } from '../../../shared/api/bridge';
import type { Result } from '../../../shared/api/result';

type Invoke = (channel: string, input: unknown) => Promise<unknown>;

/**
 * Built from the contract so the preload can never drift from main: one named function per method,
 * each bound to its own channel. The page gets these closures, never ipcRenderer itself, so it cannot
 * send on arbitrary channels or listen to anything.
 */
export function buildBridge(invoke: Invoke): CasefileBridge {
  const bridge: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const method of METHOD_NAMES) {
    const channel = ipcChannel(method);
    bridge[method] = (input: unknown) => invoke(channel, input ?? {}) as Promise<Result<unknown>>;
  }
  return Object.freeze(bridge) as CasefileBridge;
}
