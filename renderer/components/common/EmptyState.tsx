/** An honest "nothing here yet": what will appear, and whether warroom.yaml already configures it. */
import type { ReactNode } from 'react';
import type { ConfigSection } from '../../../shared/domain/config.js';
import { SectionStates } from './SectionStates.js';

export function EmptyState({ title, children, sections }: { title: string; children: ReactNode; sections: readonly ConfigSection[] }) {
  return (
    <div className="empty panel">
      <h2 className="empty__title">{title}</h2>
      <div className="empty__body">{children}</div>
      <SectionStates sections={sections} />
    </div>
  );
}
