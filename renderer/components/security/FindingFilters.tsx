/** The table's filter: state, severity and kind as toggles, tool as a choice, path prefix and words as text. */
import type { ReactNode } from 'react';
import type { FindingKind, Severity, TriageState } from '../../../shared/domain/security.js';
import { FindingKindSchema, SEVERITIES, TriageStateSchema } from '../../../shared/domain/security.js';
import { Icon } from '../common/Icon.js';
import { DEFAULT_FILTER } from './finding-query.js';
import type { TableFilter } from './finding-query.js';
import { KIND_WORDS, SEVERITY_ICONS, SEVERITY_WORDS, STATE_WORDS } from './security-format.js';

function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

function Toggles<T extends string>({
  label,
  options,
  chosen,
  words,
  onChange,
  testId,
  icon,
}: {
  label: string;
  options: readonly T[];
  chosen: readonly T[];
  words: Record<T, string>;
  onChange: (next: T[]) => void;
  testId: string;
  icon?: (value: T) => ReactNode;
}) {
  return (
    <fieldset className="sec-filter__group">
      <legend className="field__label">{label}</legend>
      <div className="sec-filter__toggles">
        {options.map((value) => (
          <button
            key={value}
            type="button"
            className={`sec-toggle${chosen.includes(value) ? ' sec-toggle--on' : ''}`}
            aria-pressed={chosen.includes(value)}
            onClick={() => onChange(toggle(chosen, value))}
            data-testid={`${testId}-${value}`}
          >
            {icon?.(value)}
            {words[value]}
          </button>
        ))}
      </div>
    </fieldset>
  );
}

export function FindingFilters({ filter, onChange, tools }: { filter: TableFilter; onChange: (filter: TableFilter) => void; tools: readonly string[] }) {
  const set = (patch: Partial<TableFilter>) => onChange({ ...filter, ...patch });
  return (
    <div className="sec-filter" data-testid="sec-filter">
      <Toggles<TriageState> label="State" options={TriageStateSchema.options} chosen={filter.states} words={STATE_WORDS} onChange={(states) => set({ states })} testId="sec-filter-state" />
      <Toggles<Severity>
        label="Severity"
        options={SEVERITIES}
        chosen={filter.severities}
        words={SEVERITY_WORDS}
        onChange={(severities) => set({ severities })}
        testId="sec-filter-severity"
        icon={(s) => <Icon name={SEVERITY_ICONS[s]} className={`sev-mark--${s}`} />}
      />
      <Toggles<FindingKind> label="Kind" options={FindingKindSchema.options} chosen={filter.kinds} words={KIND_WORDS} onChange={(kinds) => set({ kinds })} testId="sec-filter-kind" />
      <label className="field sec-filter__field">
        <span className="field__label">Tool</span>
        <select className="input" value={filter.tool} onChange={(e) => set({ tool: e.target.value })} data-testid="sec-filter-tool">
          <option value="">any</option>
          {tools.map((tool) => (
            <option key={tool} value={tool}>
              {tool}
            </option>
          ))}
        </select>
      </label>
      <label className="field sec-filter__field">
        <span className="field__label">Under path</span>
        <input className="input" value={filter.path} placeholder="tests/" spellCheck={false} onChange={(e) => set({ path: e.target.value })} data-testid="sec-filter-path" />
      </label>
      <label className="field sec-filter__field sec-filter__field--wide">
        <span className="field__label">
          <Icon name="search" />
          Words (title, rule, file, package, CVE)
        </span>
        <input className="input" type="search" value={filter.text} spellCheck={false} onChange={(e) => set({ text: e.target.value })} data-testid="sec-filter-text" />
      </label>
      <button type="button" className="button button--small sec-filter__reset" onClick={() => onChange(DEFAULT_FILTER)} data-testid="sec-filter-reset">
        Open findings only
      </button>
      <button type="button" className="button button--small sec-filter__reset" onClick={() => onChange({ ...DEFAULT_FILTER, states: [] })} data-testid="sec-filter-all">
        All findings
      </button>
    </div>
  );
}
