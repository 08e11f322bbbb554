/** Whether warroom.yaml fills the sections a view depends on (from config.sections). */
import type { ConfigSection } from '../../../shared/domain/config.js';
import { useAppStore } from '../../stores/store.js';
import { StatusMark } from './StatusMark.js';

export function SectionStates({ sections }: { sections: readonly ConfigSection[] }) {
  const filled = useAppStore((s) => s.config?.sections);
  const path = useAppStore((s) => s.config?.source.path);
  if (!filled) return null;
  return (
    <div className="sections">
      <h3 className="sections__title">Configuration{path ? <span className="sections__path"> — {path}</span> : null}</h3>
      <ul className="sections__list">
        {sections.map((section) => {
          const state = filled[section];
          return (
            <li key={section} className="sections__item" data-testid={`section-${section}`} data-configured={state === true}>
              <code className="sections__name">{section}:</code>
              {state === true ? <StatusMark status="ok" label="configured" /> : <StatusMark status="unknown" label="not configured" />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
