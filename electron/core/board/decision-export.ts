/** A decision record as Markdown, or as a self-contained printable HTML page (the shells print it to PDF). */
import type { DecisionExport, DecisionExportFormat, DecisionRecord } from '../../../shared/domain/meeting.js';
import { decisionDocument } from './decision-document.js';
import type { Block, DecisionDocument } from './decision-document.js';

export function exportDecision(record: DecisionRecord, format: DecisionExportFormat): DecisionExport {
  const doc = decisionDocument(record);
  const stem = `decision-${record.id}-${record.decision.toLowerCase()}-${new Date(record.decidedAt).toISOString().slice(0, 10)}`;
  return format === 'md'
    ? { decisionId: record.id, fileName: `${stem}.md`, mediaType: 'text/markdown', content: toMarkdown(doc) }
    : { decisionId: record.id, fileName: `${stem}.html`, mediaType: 'text/html', content: toHtml(doc) };
}

// ---- Markdown ----

export function mdInline(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\r?\n/g, ' ');
}

export function mdBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text.split(/\r?\n/).map(mdInline).join('  \n');
    case 'list':
      return block.items.map((item) => `- ${mdInline(item)}`).join('\n');
    case 'quote':
      return block.text.split(/\r?\n/).map((line) => `> ${mdInline(line)}`).join('\n');
    case 'table':
      return [
        `| ${block.head.map(mdInline).join(' | ')} |`,
        `|${block.head.map(() => '---').join('|')}|`,
        ...block.rows.map((row) => `| ${row.map(mdInline).join(' | ')} |`),
      ].join('\n');
  }
}

export function toMarkdown(doc: DecisionDocument): string {
  const parts = [`# ${mdInline(doc.title)}`, doc.facts.map(([k, v]) => `- **${mdInline(k)}:** ${mdInline(v)}`).join('\n')];
  for (const section of doc.sections) parts.push(`## ${mdInline(section.title)}`, ...section.blocks.map(mdBlock));
  parts.push('---', doc.footer.map(mdInline).join('  \n'));
  return `${parts.join('\n\n')}\n`;
}

// ---- HTML ----

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${esc(block.text).replace(/\r?\n/g, '<br>')}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${esc(item)}</li>`).join('')}</ul>`;
    case 'quote':
      return `<blockquote>${esc(block.text).replace(/\r?\n/g, '<br>')}</blockquote>`;
    case 'table':
      return `<table><thead><tr>${block.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${block.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${esc(cell)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
  }
}

const PRINT_CSS = `
@page { size: A4; margin: 16mm 14mm; }
body { font: 10.5pt/1.4 system-ui, "DejaVu Sans", sans-serif; color: #111; margin: 0; }
h1 { font-size: 18pt; margin: 0 0 6pt; }
h2 { font-size: 12.5pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; break-after: avoid; }
.verdict { display: inline-block; padding: 2pt 10pt; border: 2px solid; border-radius: 4pt; font-weight: 700; }
.verdict.GO { color: #0a6b2d; }
.verdict.NO-GO { color: #a31515; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 10pt; margin: 6pt 0; }
dt { font-weight: 600; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { break-inside: avoid; }
blockquote { margin: 4pt 0 4pt 10pt; padding-left: 8pt; border-left: 3px solid #999; }
footer { margin-top: 16pt; font-size: 8pt; color: #444; word-break: break-all; }
`;

export function toHtml(doc: DecisionDocument): string {
  const facts = doc.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const sections = doc.sections.map((s) => `<section><h2>${esc(s.title)}</h2>${s.blocks.map(htmlBlock).join('')}</section>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(doc.title)}</title><style>${PRINT_CSS}</style></head>
<body><h1>${esc(doc.title)}</h1><p><span class="verdict ${doc.verdict}">${esc(doc.facts[0]![1])}</span></p><dl>${facts}</dl>${sections}
<footer>${doc.footer.map(esc).join('<br>')}</footer></body></html>
`;
}
