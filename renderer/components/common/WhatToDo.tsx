/** One line that says what would mend a problem (start the rehearsal stack…), above what it explains. */
export function WhatToDo({ hint, testId }: { hint: string; testId: string }) {
  return (
    <p className="what-to-do" data-testid={testId}>
      <strong>What to do:</strong> {hint}
    </p>
  );
}
