/**
 * What every waiver asks for, whatever it waives (a board criterion, a load test's failed
 * threshold): an owner, a reason, and the last day it stands (waiver-expiry.ts). The dialogs keep
 * their own words for what is missing.
 */
import { useState } from 'react';
import { dayOf, expiryOfDay } from './waiver-expiry.js';

export interface WaiverForm {
  owner: string;
  reason: string;
  day: string;
  /** The moment the waiver stops counting (the next midnight after `day`); null when `day` is not a date. */
  expiresAt: number | null;
  setOwner(owner: string): void;
  setReason(reason: string): void;
  setDay(day: string): void;
}

/** A week from now unless changed. */
export function useWaiverForm(now: number, initialOwner: string | (() => string)): WaiverForm {
  const [owner, setOwner] = useState(initialOwner);
  const [reason, setReason] = useState('');
  const [day, setDay] = useState(() => dayOf(now + 7 * 86_400_000));
  return { owner, reason, day, expiresAt: expiryOfDay(day), setOwner, setReason, setDay };
}

export function WaiverFields({ form, now, testIds, reasonPlaceholder }: { form: WaiverForm; now: number; testIds: { owner: string; reason: string; expires: string }; reasonPlaceholder: string }) {
  return (
    <>
      <label className="field">
        <span className="field__label">Owner</span>
        <input className="input" value={form.owner} maxLength={60} autoComplete="name" onChange={(e) => form.setOwner(e.target.value)} data-testid={testIds.owner} />
      </label>
      <label className="field">
        <span className="field__label">Reason</span>
        <textarea className="input board-dialog__text" value={form.reason} maxLength={2000} rows={3} onChange={(e) => form.setReason(e.target.value)} data-testid={testIds.reason} placeholder={reasonPlaceholder} />
      </label>
      <label className="field">
        <span className="field__label">Stands through (last day)</span>
        <input className="input" type="date" value={form.day} min={dayOf(now)} onChange={(e) => form.setDay(e.target.value)} data-testid={testIds.expires} />
      </label>
    </>
  );
}
