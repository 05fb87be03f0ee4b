// Re-exported through a declaration file so TypeScript never type-checks fr-compromise's shipped .ts sources
// (they do not compile under this project's strict settings).
export { default } from 'fr-compromise';
