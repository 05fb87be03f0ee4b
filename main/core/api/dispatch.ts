import type { z } from 'zod';
import { contract, isMethodName, type Contract, type MethodName, type MethodOutput } from '../../../shared/api/contract';
import { CasefileError, fail, ok, type Result } from '../../../shared/api/result';

export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;

/** One implementation per contract method; every host (Electron IPC, web host) calls them through dispatch(). */
export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> };

export interface DispatchOptions {
  /** Called with unexpected errors so a host can log them; the user only sees a generic message. */
  onInternalError?: (method: string, error: unknown) => void;
}

/**
 * The one gate between an untrusted caller and the core: unknown methods and payloads that do not match
 * the contract are refused before any handler runs, and every outcome becomes a Result envelope.
 */
export async function dispatch(
  handlers: Handlers,
  method: string,
  rawInput: unknown,
  options: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!isMethodName(method)) return fail('BAD_INPUT', `Unknown method "${method}".`);
  const parsed = contract[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    return fail('BAD_INPUT', `${issue?.message ?? 'Invalid input'}${where}.`.replace(/\.\.$/, '.'));
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    if (error instanceof CasefileError) return fail(error.code, error.message);
    options.onInternalError?.(method, error);
    return fail('INTERNAL', 'Something went wrong inside Casefile. The case on disk was not changed by this request.');
  }
}
