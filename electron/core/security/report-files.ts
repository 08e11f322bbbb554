/**
 * Which files an import reads: each path named, and for a folder every report in it (files ending
 * .sarif or .json, not recursive, in name order), as teams' wrapper scripts write them.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidRequestError } from '../errors.js';

const REPORT_FILE = /\.(sarif|json)$/i;

export function reportFiles(paths: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    let isDirectory: boolean;
    try {
      const stat = statSync(path);
      if (!stat.isDirectory() && !stat.isFile()) throw new InvalidRequestError(`${given}: not a file or folder`);
      isDirectory = stat.isDirectory();
    } catch (error) {
      if (error instanceof InvalidRequestError) throw error;
      throw new InvalidRequestError(`${given}: no such file or folder`);
    }
    if (!isDirectory) {
      files.push(path);
      continue;
    }
    const inFolder = readdirSync(path, { withFileTypes: true })
      .filter((entry) => entry.isFile() && REPORT_FILE.test(entry.name))
      .map((entry) => join(path, entry.name))
      .sort();
    if (inFolder.length === 0) throw new InvalidRequestError(`${given}: no report files (*.sarif, *.json) in this folder`);
    files.push(...inFolder);
  }
  return [...new Set(files)];
}
