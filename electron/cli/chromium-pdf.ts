/**
 * PDF from the command line: Chromium headless prints a self-contained HTML page
 * (`chromium --headless --print-to-pdf`). Chromium is found on PATH (or WARROOM_CHROMIUM names it);
 * when there is none the caller says PDF is unavailable. It runs in its own process group with a
 * minimal environment and a throwaway profile, and the whole tree is killed on timeout.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { childTree } from '../core/process/child-tree.js';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
export const PDF_TIMEOUT_MS = 60_000;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The Chromium to print with: WARROOM_CHROMIUM (a path or a name on PATH), else the first candidate on PATH; null when none. */
export function findChromium(env: NodeJS.ProcessEnv): string | null {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const onPath = (name: string) => (isAbsolute(name) ? (executable(name) ? name : null) : (dirs.map((d) => join(d, name)).find(executable) ?? null));
  const chosen = env.WARROOM_CHROMIUM?.trim();
  if (chosen) return onPath(chosen);
  for (const name of CANDIDATES) {
    const found = onPath(name);
    if (found) return found;
  }
  return null;
}

export class PdfPrintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfPrintError';
  }
}

/** Prints `html` to the PDF file `out` with Chromium headless; rejects with PdfPrintError saying why. */
export async function printHtmlToPdf(options: { chromium: string; html: string; out: string; timeoutMs?: number }): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'warroom-pdf-'));
  try {
    const page = join(work, 'decision.html');
    writeFileSync(page, options.html);
    const args = [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--disable-extensions',
      '--no-pdf-header-footer',
      `--user-data-dir=${join(work, 'profile')}`,
      `--print-to-pdf=${options.out}`,
      // Chromium refuses to run as root with its sandbox; the page is our own escaped HTML without scripts.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      pathToFileURL(page).href,
    ];
    const output = await run(options.chromium, args, { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work }, options.timeoutMs ?? PDF_TIMEOUT_MS);
    let head = '';
    try {
      head = readFileSync(options.out).subarray(0, 5).toString('latin1');
    } catch {
      // no file: said below
    }
    if (head !== '%PDF-') throw new PdfPrintError(`Chromium did not write a PDF to ${options.out}${output ? `: ${output.slice(-500)}` : ''}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', (error) => reject(new PdfPrintError(`cannot start ${command}: ${error.message}`)));
    child.once('spawn', () => {
      if (!hasPid(child)) return;
      const tree = childTree(child, { graceMs: 1000, killWaitMs: 2000 });
      const timer = setTimeout(() => {
        void tree.stop();
      }, timeoutMs);
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        // Chromium leaves helpers behind for a moment; they belong to its group.
        void tree.stop().then(() => {
          tree.release();
          if (code === 0) resolve(output);
          else reject(new PdfPrintError(signal ? `${command} was stopped (${signal}) after ${timeoutMs} ms or by a signal` : `${command} exited with code ${code}: ${output.slice(-500)}`));
        });
      });
    });
  });
}

function hasPid(child: ChildProcess): child is ChildProcess & { pid: number } {
  return child.pid !== undefined;
}
