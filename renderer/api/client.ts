import { contract } from '../../shared/api/contract';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract';
import type { CasefileBridge } from '../../shared/api/bridge';
import { httpPath } from '../../shared/api/bridge';
import { HISTORY_METHODS } from '../../shared/api/history-methods';
import type { ErrorCode } from '../../shared/api/result';
import { errorSchema } from '../../shared/api/result';

declare global {
  interface Window {
    /** Exposed by Electron's preload; absent when the renderer is served by the loopback web host. */
    casefile?: CasefileBridge;
  }
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NOT_AUTHORISED_MESSAGE =
  'This browser tab is not authorised: open the URL printed by `casefile serve` again.';
export const UNREACHABLE_MESSAGE =
  'Casefile is not answering. If you use the browser, check that `casefile serve` is still running, then try again.';

export type Transport = { bridge?: CasefileBridge | undefined; fetch?: typeof fetch | undefined };

export type Call = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodOutput<M>>;

/**
 * Builds a `call` bound to one transport. The default export below looks the transport up on every call, so the
 * app keeps working when the preload bridge is injected after this module loads.
 */
export function createClient(transport: () => Transport): Call {
  // History changes go out one after another, each once the one before it is answered: two HTTP requests can reach
  // the host in either order, and Ctrl+Z right after tagging must undo that tagging, just as a tagging right after
  // Ctrl+Z must not be the thing undone (history-methods.ts; main also runs them in arrival order).
  let previous: Promise<unknown> = Promise.resolve();
  return async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    if (!HISTORY_METHODS.has(method)) return send(transport(), method, input);
    const sent = previous.then(
      () => send(transport(), method, input),
      () => send(transport(), method, input),
    );
    previous = sent.catch(() => undefined);
    return sent;
  };
}

async function send<M extends MethodName>(transport: Transport, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const { bridge, fetch: fetchImpl } = transport;
  const envelope = bridge ? await viaBridge(bridge, method, input) : await viaHttp(fetchImpl, method, input);
  return unwrap(method, envelope);
}

async function viaBridge(bridge: CasefileBridge, method: MethodName, input: unknown): Promise<unknown> {
  const fn = bridge[method];
  if (typeof fn !== 'function') {
    throw new ApiError('INTERNAL', `This version of Casefile does not offer “${method}”. Restart Casefile.`);
  }
  try {
    return await fn(input);
  } catch {
    // A rejected IPC promise means main crashed or the handler is missing; its raw text helps nobody.
    throw new ApiError('INTERNAL', 'Casefile’s background process did not answer. Restart Casefile.');
  }
}

async function viaHttp(fetchImpl: typeof fetch | undefined, method: MethodName, input: unknown): Promise<unknown> {
  if (!fetchImpl) throw new ApiError('INTERNAL', UNREACHABLE_MESSAGE);
  let response: Response;
  try {
    response = await fetchImpl(httpPath(method), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('INTERNAL', UNREACHABLE_MESSAGE);
  }
  if (response.status === 401 || response.status === 403) throw new ApiError('FORBIDDEN', NOT_AUTHORISED_MESSAGE);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    if (response.status === 413) throw new ApiError('BAD_INPUT', 'That was too much to send in one go.');
    throw new ApiError('INTERNAL', `Casefile answered with HTTP ${response.status} and no readable result.`);
  }
  return body;
}

function unwrap<M extends MethodName>(method: M, envelope: unknown): MethodOutput<M> {
  if (typeof envelope !== 'object' || envelope === null || !('ok' in envelope)) {
    throw new ApiError('INTERNAL', `Casefile sent an unreadable answer to “${method}”.`);
  }
  if (envelope.ok === false) {
    const error = errorSchema.safeParse((envelope as { error?: unknown }).error);
    if (!error.success) throw new ApiError('INTERNAL', `Casefile reported an unreadable error for “${method}”.`);
    throw new ApiError(error.data.code, error.data.message);
  }
  if (envelope.ok !== true || !('value' in envelope)) {
    throw new ApiError('INTERNAL', `Casefile sent an unreadable answer to “${method}”.`);
  }
  // Validating outputs catches a renderer and a main process that drifted apart before it turns into odd UI.
  const parsed = contract[method].output.safeParse(envelope.value);
  if (!parsed.success) {
    throw new ApiError('INTERNAL', `Casefile’s answer to “${method}” did not have the expected shape.`);
  }
  return parsed.data as MethodOutput<M>;
}

export const call: Call = createClient(() => ({
  bridge: typeof window !== 'undefined' ? window.casefile : undefined,
  fetch: typeof fetch === 'function' ? fetch.bind(globalThis) : undefined,
}));

export function isApiError(error: unknown, code?: ErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
