import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {IsolationLevel, juggler, Options} from '@loopback/repository';
import {DurableMemory} from '../datasources/durable-memory.connector';
import {IdentityBindings} from '../keys';

/** What the work of a unit receives. */
export interface Unit {
  /** Pass to every repository call of the unit: `repo.create(data, unit.options)`. */
  readonly options: Options;
  /**
   * Registers how to undo a write where the database cannot (MongoDB):
   * run, newest first, when the work fails. Ignored where the unit is a
   * transaction, since the database undoes everything itself.
   */
  onRollback(undo: () => Promise<unknown>): void;
}

/**
 * Writes that belong together commit together. On PostgreSQL a unit is a
 * transaction; on the embedded database one write of the file (see
 * DurableMemory). MongoDB standalone servers have no transactions: there
 * the work runs as written, so it must order its writes so that a crash
 * between them leaves nothing a user can see (child rows first, the row
 * that makes them reachable last), and registers undo steps for the
 * failures it sees.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: IdentityBindings.UNIT_OF_WORK},
})
export class UnitOfWork {
  constructor(
    @inject(IdentityBindings.DATASOURCE)
    private readonly dataSource: juggler.DataSource,
  ) {}

  /** True when units are transactions (all-or-nothing in the database). */
  get transactional(): boolean {
    const connector = this.dataSource.connector;
    return (
      connector instanceof DurableMemory || connector?.name === 'postgresql'
    );
  }

  /**
   * Runs `work` as one unit: its writes are all kept when it resolves and
   * none of them when it throws (the error is rethrown).
   */
  async run<T>(work: (unit: Unit) => Promise<T>): Promise<T> {
    if (!this.transactional) return runOrdered(work);
    const transaction = await this.dataSource.beginTransaction({
      isolationLevel: IsolationLevel.READ_COMMITTED,
    });
    let result: T;
    try {
      result = await work({options: {transaction}, onRollback: () => {}});
    } catch (err) {
      // A lost connection fails the rollback too; the database then drops
      // the transaction itself, and the work's error is the one to report.
      await Promise.resolve(transaction.rollback()).catch(() => {});
      throw err;
    }
    await transaction.commit();
    return result;
  }
}

/** A unit without transactions: undo steps run, newest first, on failure. */
async function runOrdered<T>(work: (unit: Unit) => Promise<T>): Promise<T> {
  const undo: (() => Promise<unknown>)[] = [];
  try {
    return await work({options: {}, onRollback: step => undo.push(step)});
  } catch (err) {
    for (const step of undo.reverse()) {
      // Every step is idempotent cleanup of a row nobody can reach yet; one
      // failing must not keep the others from running.
      await step().catch(() => {});
    }
    throw err;
  }
}
