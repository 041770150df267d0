import {juggler} from '@loopback/repository';
import {Context} from 'mocha';
import {ManualClock} from '../../fixtures/manual-clock';
import {givenOidcRepositories} from '../../fixtures/oidc-repositories';
import {crudTests} from './crud.suite';
import {SuiteContext} from './helpers';
import {oidcTests} from './oidc.suite';
import {relationTests} from './relations.suite';
import {secretTests} from './secrets.suite';
import {uniquenessTests} from './uniqueness.suite';

/**
 * The one repository suite, run against each connector. `givenDataSource`
 * runs in the suite's `before` hook: it may skip the suite through
 * `requireService`. The schema is migrated the way `npm run migrate` does.
 */
export function describeRepositories(
  label: string,
  givenDataSource: (mocha: Context) => Promise<juggler.DataSource>,
): void {
  describe(`repositories on ${label}`, () => {
    let dataSource: juggler.DataSource | undefined;
    const ctx = {} as SuiteContext;

    before(givenMigratedDataSource);

    /** Mocha hands a hook its context as `this`; requireService needs it. */
    async function givenMigratedDataSource(this: Context): Promise<void> {
      dataSource = await givenDataSource(this);
      ctx.clock = new ManualClock();
      ctx.repos = await givenOidcRepositories(dataSource, ctx.clock);
      await dataSource.autoupdate();
    }

    after(async () => {
      await dataSource?.disconnect();
    });

    crudTests(ctx);
    relationTests(ctx);
    uniquenessTests(ctx);
    secretTests(ctx);
    oidcTests(ctx);
  });
}
