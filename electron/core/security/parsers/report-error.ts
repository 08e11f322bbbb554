/** A report Warroom cannot read, in words that name the file and what is wrong with it. */
export class ReportParseError extends Error {
  readonly file: string;
  readonly problem: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'ReportParseError';
    this.file = file;
    this.problem = problem;
  }
}

/** Thrown inside a parser, where the file name is not at hand; `parseReport` names the file. */
export class ReportProblem extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'ReportProblem';
  }
}
