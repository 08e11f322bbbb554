/**
 * The scan an evidence link opened (the board's security criterion, a plan task), on top of the
 * Security view: what it found or why it failed, with its tools and warnings, until closed. A scan
 * older than the ones loaded is named, not guessed at.
 */
import { useEffect, useRef } from 'react';
import type { ScanRecord } from '../../../shared/domain/security-register.js';
import { openScan } from '../../stores/security-actions.js';
import { Icon } from '../common/Icon.js';
import { ScanLine } from './GatePanel.js';

export function OpenedScan({ scanId, scans }: { scanId: number; scans: readonly ScanRecord[] }) {
  const scan = scans.find((s) => s.id === scanId);
  const panel = useRef<HTMLElement>(null);
  // Arriving from a long board, the panel is where the eye goes.
  useEffect(() => panel.current?.scrollIntoView?.({ block: 'nearest' }), [scanId]);
  return (
    <section ref={panel} className="panel sec-opened-scan" data-testid="sec-opened-scan" data-scan-id={scanId} data-found={scan ? 'true' : 'false'} aria-label={`Scan #${scanId}`}>
      <header className="sec-panel-head">
        <h3 className="sec-section-title">
          <Icon name="shield" />
          Scan #{scanId}
        </h3>
        <button type="button" className="button button--small" onClick={() => openScan(null)} data-testid="sec-opened-scan-close">
          Close
        </button>
      </header>
      {scan ? (
        <ul className="sec-scans">
          <ScanLine scan={scan} opened testId="sec-opened-scan-line" />
        </ul>
      ) : (
        <p className="muted" data-testid="sec-opened-scan-missing">
          Scan #{scanId} is not among the {scans.length} newest scans this view loads.
        </p>
      )}
    </section>
  );
}
