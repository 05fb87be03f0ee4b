import type { OpenCase } from './open-case';

/** What feature handlers get from the service: the unlocked case, or a CASE_LOCKED error. */
export interface CaseContext {
  requireOpen(): OpenCase;
  researcher: string;
}
