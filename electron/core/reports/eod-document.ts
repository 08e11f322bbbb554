/**
 * The end-of-day report rendered: Markdown (mail text, files) and a self-contained printable HTML
 * page with every stored text escaped, both from the one document model (shared/format/eod-sections.ts).
 */
import type { EodContent } from '../../../shared/domain/reports.js';
import { eodFacts, eodSections } from '../../../shared/format/eod-sections.js';
import { esc, htmlBlock, mdBlock, mdInline } from '../board/decision-export.js';

export function eodMarkdown(content: EodContent): string {
  const parts = [`# ${mdInline(content.title)}`, eodFacts(content).map(([k, v]) => `- **${mdInline(k)}:** ${mdInline(v)}`).join('\n')];
  for (const section of eodSections(content)) parts.push(`## ${mdInline(section.title)}`, ...section.blocks.map(mdBlock));
  return `${parts.join('\n\n')}\n`;
}

const CSS = `
@page { size: A4; margin: 14mm; }
body { font: 10.5pt/1.45 system-ui, "DejaVu Sans", sans-serif; color: #111; margin: 16px; max-width: 60em; }
h1 { font-size: 17pt; margin: 0 0 6pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; break-after: avoid; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 10pt; margin: 6pt 0; }
dt { font-weight: 600; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; font-size: 9.5pt; }
th, td { border: 1px solid #bbb; padding: 2pt 5pt; text-align: left; vertical-align: top; }
th { background: #eee; } tr { break-inside: avoid; }
@media print { body { margin: 0; } }
`;

export function eodHtml(content: EodContent): string {
  const dl = eodFacts(content).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const sections = eodSections(content).map((s) => `<section><h2>${esc(s.title)}</h2>${s.blocks.map(htmlBlock).join('')}</section>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(content.title)}</title><style>${CSS}</style></head>
<body><h1>${esc(content.title)}</h1><dl>${dl}</dl>
${sections}
</body></html>
`;
}
