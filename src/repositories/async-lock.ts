/** A mutual-exclusion lock for async work within one process. */
export class AsyncLock {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // A failed task must not block the ones queued behind it.
    this.tail = result.catch(() => undefined);
    return result;
  }
}

const locks = new WeakMap<object, Map<string, AsyncLock>>();

/**
 * The lock of one model on one datasource. Repositories are transient
 * (a new instance per injection), so the lock cannot live on the instance.
 */
export function lockFor(dataSource: object, modelName: string): AsyncLock {
  let byModel = locks.get(dataSource);
  if (!byModel) {
    byModel = new Map();
    locks.set(dataSource, byModel);
  }
  let lock = byModel.get(modelName);
  if (!lock) {
    lock = new AsyncLock();
    byModel.set(modelName, lock);
  }
  return lock;
}
