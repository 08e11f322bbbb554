/** A clock for views that show time passing (uptime, a timeline cursor) without a store update per tick. */
import { useEffect, useState } from 'react';
import { useAppStore } from '../stores/store.js';

/** Local time, re-rendering every `intervalMs` while `active`. */
export function useNow(intervalMs = 1000, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}

/** The core's time (local time corrected by the heartbeat's offset), for comparing with times the core stamped. */
export function useServerNow(intervalMs = 1000, active = true): number {
  const offset = useAppStore((s) => s.serverOffsetMs);
  return useNow(intervalMs, active) + offset;
}
