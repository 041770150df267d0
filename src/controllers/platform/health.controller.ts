import {inject} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {get, oas, Response, RestBindings} from '@loopback/rest';
import {IdentityBindings} from '../../keys';
import type {EphemeralStore} from '../../services/store/ephemeral-store';
import {ApiArea} from '../../services/platform/api-areas';

const CHECK_TIMEOUT_MS = 2000;

const READY_SCHEMA = {
  type: 'object',
  properties: {
    status: {type: 'string', enum: ['ready', 'unavailable']},
    checks: {
      type: 'object',
      properties: {
        database: {type: 'string', enum: ['ok', 'unreachable']},
        store: {type: 'string', enum: ['ok', 'unreachable']},
      },
    },
  },
};

/** Liveness and readiness probes for load balancers and orchestrators. */
@oas.tags(ApiArea.OPERATIONS)
export class HealthController {
  constructor(
    @inject(`datasources.${IdentityBindings.DATASOURCE_NAME}`)
    private dataSource: juggler.DataSource,
    @inject(IdentityBindings.STORE) private store: EphemeralStore,
  ) {}

  @get('/health', {
    summary: 'Liveness: the process answers',
    responses: {
      '200': {
        description: 'The process is alive',
        content: {
          'application/json': {
            schema: {type: 'object', properties: {status: {type: 'string'}}},
          },
        },
      },
    },
  })
  health(): {status: string} {
    return {status: 'ok'};
  }

  @get('/ready', {
    summary: 'Readiness: the database and the store can be reached',
    responses: {
      '200': {
        description: 'Ready',
        content: {'application/json': {schema: READY_SCHEMA}},
      },
      '503': {
        description: 'A dependency is unreachable; `checks` names it',
        content: {'application/json': {schema: READY_SCHEMA}},
      },
    },
  })
  async ready(
    @inject(RestBindings.Http.RESPONSE) res: Response,
  ): Promise<object> {
    const [database, store] = await Promise.all([
      probe(() => this.dataSource.ping()),
      probe(() => this.store.ping()),
    ]);
    const ok = database === 'ok' && store === 'ok';
    res.status(ok ? 200 : 503);
    return {status: ok ? 'ready' : 'unavailable', checks: {database, store}};
  }
}

export async function probe(
  check: () => Promise<unknown>,
): Promise<'ok' | 'unreachable'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}
