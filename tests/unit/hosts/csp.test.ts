import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/hosts/web/static';
import { REPO_ROOT } from '../case/helpers';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

async function metaPolicy(): Promise<string> {
  const html = await readFile(path.join(REPO_ROOT, 'renderer', 'index.html'), 'utf8');
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('renderer/index.html has no CSP meta tag');
  return match[1];
}

describe('content security policy', () => {
  for (const [name, read] of [
    ['response header', async () => CONTENT_SECURITY_POLICY],
    ['renderer meta tag', metaPolicy],
  ] as const) {
    it(`${name}: scripts only from the app itself, nothing from any remote origin`, async () => {
      const policy = directives(await read());
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(policy.get('connect-src')).toEqual(["'self'"]);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      for (const [directive, values] of policy) {
        for (const value of values) {
          expect(value, `${directive} ${value}`).not.toMatch(/^(https?:|wss?:|\*|'unsafe-eval'|'strict-dynamic')/);
        }
      }
    });
  }
});
