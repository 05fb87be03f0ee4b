import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { dispatch, type Handlers } from '../../core/api/dispatch';
import { METHOD_NAMES } from '../../../shared/api/contract';
import { ipcChannel } from '../../../shared/api/bridge';
import { fail, type Result } from '../../../shared/api/result';
import { isAppUrl } from './protocol';

export type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/**
 * Only the app's own top-level page may call the core. A subframe (say, an embedded document that
 * slipped past CSP) or a page that somehow navigated elsewhere gets FORBIDDEN, never a case.
 */
export function isTrustedSender(event: SenderEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

export const FORBIDDEN_RESULT: Result<never> = fail('FORBIDDEN', 'This window may not talk to Casefile.');

export interface IpcOptions {
  onInternalError?: (method: string, error: unknown) => void;
}

/** One ipcMain.handle per contract method, on the channel the preload uses; returns an undo for shutdown. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: Handlers, options: IpcOptions = {}): () => void {
  const dispatchOptions = options.onInternalError ? { onInternalError: options.onInternalError } : {};
  for (const method of METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), async (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedSender(event)) return FORBIDDEN_RESULT;
      return dispatch(handlers, method, input, dispatchOptions);
    });
  }
  return () => {
    for (const method of METHOD_NAMES) ipcMain.removeHandler(ipcChannel(method));
  };
}
