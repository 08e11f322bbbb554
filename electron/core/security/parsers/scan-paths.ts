/**
 * Locations made relative to the scan root: '/'-separated, no leading "./", never absolute.
 * A path outside the root keeps its "../" steps (and the parse warns), so it is still readable.
 */
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ScanPath {
  /** Relative to the scan root, '/'-separated. */
  file: string;
  /** The absolute path on this machine, when the location is a local file (for reading context). */
  absolute: string | null;
  outsideRoot: boolean;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** A file system path as a tool printed it ("./app/x.py", "app/x.py", "/abs/app/x.py"). */
export function scanPathOf(path: string, scanRoot: string): ScanPath {
  const root = resolve(scanRoot);
  const absolute = isAbsolute(path) ? resolve(path) : resolve(root, path);
  const file = toPosix(relative(root, absolute));
  const outsideRoot = file === '..' || file.startsWith('../') || isAbsolute(file);
  return { file: file === '' ? '.' : file, absolute, outsideRoot };
}

/**
 * A URI as SARIF holds it, already resolved against its uriBaseId: `file:///abs/x`, a relative
 * reference ("src/x.js", "src%20dir/x.js"), or another scheme (kept as it is, not readable).
 */
export function scanPathOfUri(uri: string, scanRoot: string): ScanPath {
  if (uri.startsWith('file:')) {
    try {
      return scanPathOf(fileURLToPath(uri), scanRoot);
    } catch {
      // A file URI with a host or a Windows drive on Linux: keep its path part below.
      return { file: posix.normalize(decodeUri(new URL(uri).pathname)).replace(/^\/+/, ''), absolute: null, outsideRoot: true };
    }
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) return { file: uri, absolute: null, outsideRoot: true };
  return scanPathOf(decodeUri(uri), scanRoot);
}

function decodeUri(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}
