import type { Page } from '@playwright/test';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import type { Result } from '../../../shared/api/result';

/**
 * Calls the browser host's API from the page, as the renderer would (same origin, the session's cookie), without
 * the renderer knowing: for changes made "meanwhile", behind the screen under test.
 */
export async function callApi<M extends MethodName>(page: Page, method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
  return page.evaluate(
    async ({ method, input }) => {
      const response = await fetch(`/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      return (await response.json()) as unknown;
    },
    { method, input: input as unknown },
  ) as Promise<Result<MethodOutput<M>>>;
}
