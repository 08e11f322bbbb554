/** A section's own content as the Markdown had it: paragraphs, tables (as tables) and code blocks. */
import type { PlanBlock } from '../../../shared/domain/plan.js';

export function PlanBlocks({ blocks }: { blocks: readonly PlanBlock[] }) {
  return (
    <>
      {blocks.map((block, i) => {
        switch (block.kind) {
          case 'text':
            return (
              <p key={i} className="plan-text">
                {block.text}
              </p>
            );
          case 'table':
            return (
              <table key={i} className="plan-table" data-testid="plan-table">
                <thead>
                  <tr>
                    {block.header.map((cell, j) => (
                      <th key={j}>{cell}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {block.rows.map((row, r) => (
                    <tr key={r}>
                      {row.map((cell, j) => (
                        <td key={j}>{cell}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            );
          case 'code':
            return (
              <pre key={i} className="plan-code">
                <code>{block.lines.join('\n')}</code>
              </pre>
            );
        }
      })}
    </>
  );
}
