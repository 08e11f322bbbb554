/**
 * Whether the screen has lost the core: the stream has been down longer than a short grace (a
 * reconnect blip does not flash the wall), so the wall can say DISCONNECTED well within 5 s.
 */
import { useEffect, useState } from 'react';
import { selectIndicator } from '../../stores/selectors.js';
import type { IndicatorState } from '../../stores/selectors.js';
import { useAppStore } from '../../stores/store.js';
import type { AppState } from '../../stores/store.js';

export const LINK_GRACE_MS = 2000;

/** 'lost' after the grace, else the indicator's state. */
export function useWallLink(graceMs = LINK_GRACE_MS): IndicatorState | 'lost' {
  const indicator = useAppStore(selectIndicator);
  const [lost, setLost] = useState(false);
  useEffect(() => {
    // Follows the store itself: the grace timer starts when the link drops, whatever re-renders.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const follow = (state: AppState) => {
      if (selectIndicator(state) !== 'offline') {
        clearTimeout(timer);
        timer = undefined;
        setLost(false);
      } else if (timer === undefined) {
        timer = setTimeout(() => setLost(true), graceMs);
      }
    };
    const unsubscribe = useAppStore.subscribe(follow);
    queueMicrotask(() => follow(useAppStore.getState()));
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [graceMs]);
  return lost && indicator === 'offline' ? 'lost' : indicator;
}
