export { createCaseService, defaultResearcher, type CaseService, type CaseServiceOptions } from './service';
export { OpenCase, type OpenCaseOptions } from './open-case';
export type { CaseLocation } from './case-locations';
