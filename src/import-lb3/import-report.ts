import {Lb3Kind, LB3_KINDS, Refusal} from './lb3-records';

/** What became of each record, counted by model. */
export interface ImportReport {
  readonly dryRun: boolean;
  readonly created: Record<Lb3Kind, number>;
  readonly unchanged: Record<Lb3Kind, number>;
  readonly refused: Refusal[];
  readonly ignored: {model: string; count: number}[];
}

/** An empty report to count into. */
export function newReport(dryRun: boolean): ImportReport {
  const zero = () => ({User: 0, UserIdentity: 0, UserCredential: 0});
  return {dryRun, created: zero(), unchanged: zero(), refused: [], ignored: []};
}

/**
 * The report as lines for the terminal: one per refused record (its id
 * quoted as JSON, so a control character in it is shown, never run), then
 * a line per model. A dry run says "would create".
 */
export function formatReport(report: ImportReport): string[] {
  const lines = report.refused.map(
    r => `refused ${r.kind} ${JSON.stringify(r.id)}: ${r.reason}`,
  );
  const verb = report.dryRun ? 'would create' : 'created';
  for (const kind of LB3_KINDS) {
    const refused = report.refused.filter(r => r.kind === kind).length;
    lines.push(
      `${kind}: ${report.created[kind]} ${verb}, ${report.unchanged[kind]} already here, ${refused} refused`,
    );
  }
  for (const {model, count} of report.ignored) {
    lines.push(`${model}: ${count} ignored (sessions are not carried over)`);
  }
  if (report.dryRun) lines.push('Dry run: nothing was written.');
  return lines;
}
