import { z } from 'zod';

export const caseSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  sourceCount: z.number().int().nonnegative(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

/** A case folder as seen while locked: only what the plaintext header and the folder name give away. */
export const caseFolderSchema = z.object({
  folder: z.string(),
  projectId: z.string().nullable(),
});
export type CaseFolder = z.infer<typeof caseFolderSchema>;

export const sessionStateSchema = z.object({
  /** 'project': the host serves one case folder; 'library': a folder of case folders. */
  mode: z.enum(['project', 'library']),
  phase: z.enum(['no-case', 'locked', 'open']),
  /** The folder that unlock() will open (project mode, or the last one used in library mode). */
  folder: z.string().nullable(),
  openCase: caseSummarySchema.nullable(),
  cases: z.array(caseFolderSchema),
  demoAvailable: z.boolean(),
  autoLockMinutes: z.number().nonnegative(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;
