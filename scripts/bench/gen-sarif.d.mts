/** Types of gen-sarif.mjs for TypeScript callers (the e2e measurement of the Security view). */
export function generateSarif(options: { results?: number; files?: number; linesPerFile?: number; scanRoot: string; reportPath: string }): { bytes: number };
