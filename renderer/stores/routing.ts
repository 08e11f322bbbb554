/** Hash routing (#/board, #/log…): the hash is the source, ui.view follows it. */
import { showView } from './store-updates.js';
import { useAppStore } from './store.js';
import type { AppStore } from './store.js';
import { DEFAULT_VIEW, isViewId } from './slices/ui.js';
import type { ViewId } from './slices/ui.js';

/** The view named by a hash such as "#/health" (query parts ignored); the board otherwise. */
export function viewFromHash(hash: string): ViewId {
  const name = hash.replace(/^#\/?/, '').split(/[/?&]/)[0] ?? '';
  return isViewId(name) ? name : DEFAULT_VIEW;
}

/** The href of a view's nav link. */
export function hrefFor(view: ViewId): string {
  return `#/${view}`;
}

/** Follows location.hash into the store until the returned function is called. */
export function startHashRouting(store: AppStore = useAppStore, win: Window = window): () => void {
  const follow = () => showView(viewFromHash(win.location.hash), store);
  follow();
  win.addEventListener('hashchange', follow);
  return () => win.removeEventListener('hashchange', follow);
}
