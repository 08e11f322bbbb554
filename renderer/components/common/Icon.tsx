/** Inline SVG icons: no icon font to download, and each one has a distinct outline. */
import type { ReactNode } from 'react';

export type IconName =
  | 'check'
  | 'warning'
  | 'cross'
  | 'question'
  | 'live'
  | 'pause'
  | 'offline'
  | 'key'
  | 'lock'
  | 'pen'
  | 'reload'
  | 'stop'
  | 'play'
  | 'pending'
  | 'bolt'
  | 'mute'
  | 'bell'
  | 'flap'
  | 'paused'
  | 'close'
  | 'probe'
  | 'hourglass'
  | 'rollback'
  | 'search'
  | 'up'
  | 'down'
  | 'follow'
  | 'shield'
  | 'flag';

const PATHS: Record<IconName, ReactNode> = {
  // Filled circle with a tick.
  check: (
    <>
      <circle cx="12" cy="12" r="10" fill="currentColor" />
      <path d="M7 12.5l3.2 3.2L17 9" fill="none" stroke="var(--icon-ink)" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
    </>
  ),
  // Triangle with an exclamation mark.
  warning: (
    <>
      <path d="M12 2.5L23 21.5H1z" fill="currentColor" />
      <path d="M12 9v6M12 18.2v.1" stroke="var(--icon-ink)" strokeWidth="2.6" strokeLinecap="round" />
    </>
  ),
  // Square with a cross.
  cross: (
    <>
      <rect x="2" y="2" width="20" height="20" rx="2" fill="currentColor" />
      <path d="M8 8l8 8M16 8l-8 8" stroke="var(--icon-ink)" strokeWidth="2.6" strokeLinecap="round" />
    </>
  ),
  // Dashed hollow circle with a question mark: "we do not know" looks unlike every real state.
  question: (
    <>
      <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="2.2" strokeDasharray="3.2 2.6" />
      <path d="M9.3 9.3a2.8 2.8 0 1 1 3.9 2.6c-.8.4-1.2.9-1.2 1.8v.5M12 17.2v.1" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
    </>
  ),
  // Concentric rings: a signal.
  live: (
    <>
      <circle cx="12" cy="12" r="4.5" fill="currentColor" />
      <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="2" />
    </>
  ),
  // Clock face: time passed without news.
  pause: (
    <>
      <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeWidth="2.4" />
      <path d="M12 6.5V12l3.8 2.6" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
    </>
  ),
  // Broken link.
  offline: (
    <>
      <rect x="2" y="2" width="20" height="20" rx="2" fill="none" stroke="currentColor" strokeWidth="2.4" />
      <path d="M7 7l10 10M17 7L7 17" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
    </>
  ),
  key: (
    <>
      <circle cx="8" cy="12" r="4.5" fill="none" stroke="currentColor" strokeWidth="2.4" />
      <path d="M12.5 12H22M18.5 12v3.5M21.5 12v2.5" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
    </>
  ),
  lock: (
    <>
      <rect x="4" y="10.5" width="16" height="11" rx="1.5" fill="currentColor" />
      <path d="M7.5 10.5V7.5a4.5 4.5 0 0 1 9 0v3" fill="none" stroke="currentColor" strokeWidth="2.4" />
    </>
  ),
  pen: <path d="M4 20l1-4.5L16 4.5l3.5 3.5L8.5 19zM14 7l3 3" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinejoin="round" />,
  reload: (
    <path d="M20 12a8 8 0 1 1-2.4-5.7M20 4v4.5h-4.5" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
  ),
  // Hollow square with a solid one inside: switched off on purpose, unlike the cross of a failure.
  stop: (
    <>
      <rect x="2.5" y="2.5" width="19" height="19" rx="2" fill="none" stroke="currentColor" strokeWidth="2.4" />
      <rect x="8" y="8" width="8" height="8" fill="currentColor" />
    </>
  ),
  play: <path d="M6 3.5l15 8.5-15 8.5z" fill="currentColor" strokeLinejoin="round" />,
  // Hollow ring: not happened yet.
  pending: <circle cx="12" cy="12" r="8.5" fill="none" stroke="currentColor" strokeWidth="2.6" />,
  // Lightning: an injected fault.
  bolt: <path d="M13.5 1.5L4 13.5h6.5L9.5 22.5 20 9.5h-6.8z" fill="currentColor" strokeLinejoin="round" />,
  // Bell: notifications on.
  bell: (
    <path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.8 2H4.2zM10 21h4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinejoin="round" strokeLinecap="round" />
  ),
  // Bell struck through: notifications muted.
  mute: (
    <>
      <path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.8 2H4.2zM10 21h4" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinejoin="round" strokeLinecap="round" />
      <path d="M3 3l18 18" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
    </>
  ),
  // Zigzag: going up and down in turn.
  flap: <path d="M2 15l4-7 4 9 4-9 4 9 4-7" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />,
  // Two bars: stopped on purpose, to be resumed.
  paused: (
    <>
      <rect x="5" y="4" width="5" height="16" rx="1" fill="currentColor" />
      <rect x="14" y="4" width="5" height="16" rx="1" fill="currentColor" />
    </>
  ),
  close: <path d="M6 6l12 12M18 6L6 18" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" />,
  // Pulse line: a check running.
  probe: <path d="M2 12h5l2.5-6 4 12 2.5-6H22" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />,
  // Hourglass: waiting for someone (a second operator's approval).
  hourglass: (
    <>
      <path d="M6 2.5h12M6 21.5h12" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
      <path d="M7 2.5c0 5 5 6 5 9.5s-5 4.5-5 9.5h10c0-5-5-6-5-9.5s5-4.5 5-9.5z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      <path d="M9 19.5h6l-3-3.5z" fill="currentColor" />
    </>
  ),
  // Arrow turning back: a rollback.
  rollback: (
    <path d="M4 10h10.5a5.5 5.5 0 0 1 0 11H9M8.5 5.5L4 10l4.5 4.5" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />
  ),
  search: (
    <>
      <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.4" />
      <path d="M15 15l6.5 6.5" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" />
    </>
  ),
  up: <path d="M5 15l7-7 7 7" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />,
  down: <path d="M5 9l7 7 7-7" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />,
  // Arrow down onto a line: stay at the newest output.
  follow: <path d="M12 3v13M6.5 10.5L12 16l5.5-5.5M4 21h16" fill="none" stroke="currentColor" strokeWidth="2.6" strokeLinecap="round" strokeLinejoin="round" />,
  shield: (
    <>
      <path d="M12 2l8.5 3.5v6c0 5-3.6 8.8-8.5 10.5C7.1 20.3 3.5 16.5 3.5 11.5v-6z" fill="currentColor" />
      <path d="M8 12l3 3 5-5.5" fill="none" stroke="var(--icon-ink)" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
    </>
  ),
  // A flag on a pole: set aside on purpose, for a while (a waived criterion).
  flag: (
    <>
      <path d="M5 2.5v19" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
      <path d="M6 3.5h13l-3.5 4.5 3.5 4.5H6z" fill="currentColor" strokeLinejoin="round" />
    </>
  ),
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg className={`icon ${className ?? ''}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {PATHS[name]}
    </svg>
  );
}
