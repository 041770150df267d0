import {Logger} from './logger';

/**
 * Work that must not delay a response (so the response's timing tells
 * nothing about it), but whose failures must be logged and whose end can
 * be awaited, e.g. before shutdown or by a test.
 */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Starts `task` now; a failure is logged under `label`, never thrown. */
  run(label: string, task: () => Promise<unknown>): void {
    const running: Promise<void> = Promise.resolve()
      .then(task)
      .then(
        () => undefined,
        (err: unknown) => {
          this.logger.error(
            {task: label, err: {message: (err as Error)?.message}},
            'background task failed',
          );
        },
      )
      .finally(() => this.pending.delete(running));
    this.pending.add(running);
  }

  /** Resolves once every task started so far, and any they started, ended. */
  async idle(): Promise<void> {
    while (this.pending.size) {
      await Promise.all([...this.pending]);
    }
  }
}
