import type { ReactNode } from 'react';
import { PASSAGE_STATUSES } from '../../../shared/domain/passage';
import type { SourceSummary } from '../../../shared/domain/source';
import type { TagView } from '../../../shared/domain/tag';
import { languageLabel } from '../../components/format';
import { activeFilterCount, NO_FILTERS } from './filters';
import type { FilterState } from './filters';

export type FilterOptions = {
  sources: readonly SourceSummary[];
  tags: readonly TagView[];
  entities: readonly { id: string; name: string }[];
  researchers: readonly string[];
};

type Option = { value: string; label: string };

const STATUS_LABELS: Record<string, string> = { 'to-verify': 'To verify', verified: 'Verified', disputed: 'Disputed', none: 'Not assessed' };
const KIND_OPTIONS: Option[] = [
  { value: 'source', label: 'Sources' },
  { value: 'passage', label: 'Passages' },
  { value: 'entity', label: 'Entities' },
];


const distinct = (values: readonly (string | null | undefined)[]): string[] =>
  [...new Set(values.filter((v): v is string => typeof v === 'string' && v.trim() !== ''))].sort((a, b) => a.localeCompare(b));

/**
 * One chip per filter field. Native selects: they are keyboard- and screen-reader-ready, and a case has few
 * languages, types and statuses. Each choice becomes a field filter of the query (see filters.ts).
 */
export function FilterBar({
  filters,
  options,
  onChange,
}: {
  filters: FilterState;
  options: FilterOptions;
  onChange: (next: FilterState) => void;
}) {
  const set = (key: keyof FilterState) => (value: string) => onChange({ ...filters, [key]: value });
  const languages = distinct(options.sources.map((s) => s.language)).map((code) => ({ value: code, label: languageLabel(code) }));
  const types = distinct(options.sources.map((s) => s.type)).map((t) => ({ value: t, label: t.toUpperCase() }));
  const tags = [...options.tags]
    .map((tag) => ({ value: tag.path.join('/'), label: tag.path.join(' / ') }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const sources = [...options.sources].sort((a, b) => a.title.localeCompare(b.title)).map((s) => ({ value: s.id, label: s.title }));
  const entities = options.entities.map((e) => ({ value: e.name, label: e.name }));
  const researchers = distinct(options.researchers).map((r) => ({ value: r, label: r }));
  const statuses = [...PASSAGE_STATUSES, 'none'].map((s) => ({ value: s, label: STATUS_LABELS[s] ?? s }));
  const active = activeFilterCount(filters);

  return (
    <div className="search-filters" data-testid="search-filters" role="group" aria-label="Filters">
      <Chip label="Show" value={filters.kind} options={KIND_OPTIONS} onChange={set('kind')} any="Everything" testId="filter-kind" />
      <Chip label="Language" value={filters.lang} options={languages} onChange={set('lang')} testId="filter-lang" />
      <Chip label="Type" value={filters.type} options={types} onChange={set('type')} testId="filter-type" />
      <Chip label="Tag" value={filters.tag} options={tags} onChange={set('tag')} testId="filter-tag" />
      <Chip label="Entity" value={filters.entity} options={entities} onChange={set('entity')} testId="filter-entity" />
      <Chip label="Source" value={filters.source} options={sources} onChange={set('source')} testId="filter-source" />
      <Chip label="Status" value={filters.status} options={statuses} onChange={set('status')} testId="filter-status" />
      <Chip label="By" value={filters.by} options={researchers} onChange={set('by')} testId="filter-by" />
      <DateChip label="From" value={filters.after} onChange={set('after')} testId="filter-after" />
      <DateChip label="To" value={filters.before} onChange={set('before')} testId="filter-before" />
      {active > 0 ? (
        <button type="button" className="search-filters-clear" onClick={() => onChange(NO_FILTERS)} data-testid="filters-clear">
          Clear {active === 1 ? 'filter' : `${active} filters`}
        </button>
      ) : null}
    </div>
  );
}

function ChipFrame({ label, set, children }: { label: string; set: boolean; children: ReactNode }) {
  return (
    <label className={`filter-chip${set ? ' is-set' : ''}`}>
      <span className="filter-chip-label">{label}</span>
      {children}
    </label>
  );
}

function Chip({
  label,
  value,
  options,
  onChange,
  any = 'Any',
  testId,
}: {
  label: string;
  value: string;
  options: readonly Option[];
  onChange: (value: string) => void;
  any?: string;
  testId: string;
}) {
  // A value typed elsewhere (a saved search) that is no longer among the options still shows as chosen.
  const known = value === '' || options.some((o) => o.value === value);
  return (
    <ChipFrame label={label} set={value !== ''}>
      <select
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
        disabled={options.length === 0 && value === ''}
        title={options.length === 0 ? `Nothing to filter by yet` : undefined}
      >
        <option value="">{any}</option>
        {known ? null : <option value={value}>{value}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </ChipFrame>
  );
}

function DateChip({ label, value, onChange, testId }: { label: string; value: string; onChange: (value: string) => void; testId: string }) {
  return (
    <ChipFrame label={label} set={value !== ''}>
      <input type="date" value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId} />
    </ChipFrame>
  );
}
