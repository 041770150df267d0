import {inject} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {get, oas, Request, Response, RestBindings} from '@loopback/rest';
import {ApiArea} from '../../services/platform/api-areas';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {errorResponses} from '../../errors/error-responses';
import {IdentityBindings} from '../../keys';
import {MetricsService} from '../../services/platform/metrics.service';
import {constantTimeEqual} from '../../services/platform/token-digest';
import type {EphemeralStore} from '../../services/store/ephemeral-store';
import {probe} from './health.controller';

/**
 * Prometheus scrapes (DESIGN §11). Not public unless the operator says so:
 * `Authorization: Bearer <METRICS_TOKEN>`, or METRICS_PUBLIC=true; without
 * either, every scrape is refused. METRICS=false answers 404.
 */
@oas.tags(ApiArea.OPERATIONS)
export class MetricsController {
  constructor(
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(IdentityBindings.METRICS) private metrics: MetricsService,
    @inject(`datasources.${IdentityBindings.DATASOURCE_NAME}`)
    private dataSource: juggler.DataSource,
    @inject(IdentityBindings.STORE) private store: EphemeralStore,
  ) {}

  @get('/metrics', {
    summary: 'Prometheus metrics (text exposition format)',
    security: [{metricsToken: []}],
    responses: {
      '200': {
        description: 'The metrics, in Prometheus text format 0.0.4',
        content: {'text/plain': {schema: {type: 'string'}}},
      },
      ...errorResponses({
        '401':
          'AUTHENTICATION_REQUIRED (no Authorization), INVALID_TOKEN (a wrong bearer; any, when no METRICS_TOKEN is set), INVALID_CREDENTIALS (another scheme)',
        '404': 'NOT_FOUND: METRICS=false',
      }),
    },
  })
  async scrape(
    @inject(RestBindings.Http.REQUEST) request: Request,
    @inject(RestBindings.Http.RESPONSE) response: Response,
  ): Promise<Response> {
    this.authorize(request.headers.authorization);
    const [database, store] = await Promise.all([
      probe(() => this.dataSource.ping()),
      probe(() => this.store.ping()),
    ]);
    this.metrics.dependencyUp('database', database === 'ok');
    this.metrics.dependencyUp('store', store === 'ok');
    const body = await this.metrics.text();
    // Written as is: Express's send() would add a charset to the type.
    response.statusCode = 200;
    response.setHeader('Content-Type', this.metrics.contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.end(body);
    return response;
  }

  /**
   * As every secured route answers: no credentials, `AUTHENTICATION_REQUIRED`;
   * a wrong bearer, `INVALID_TOKEN`; another scheme, `INVALID_CREDENTIALS`.
   */
  private authorize(authorization: string | undefined): void {
    const {enabled, token, public: open} = this.config.metrics;
    if (!enabled) throw new AppError('NOT_FOUND', 'Metrics are turned off.');
    if (open) return;
    const presented = /^Bearer +(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token && presented && constantTimeEqual(presented, token)) return;
    const headers = {'WWW-Authenticate': 'Bearer realm="metrics"'};
    if (!authorization) {
      throw new AppError(
        'AUTHENTICATION_REQUIRED',
        'A scrape needs Authorization: Bearer <METRICS_TOKEN>.',
        {headers},
      );
    }
    throw presented
      ? new AppError('INVALID_TOKEN', 'Not the metrics token.', {headers})
      : new AppError('INVALID_CREDENTIALS', 'Not the metrics token.', {
          headers,
        });
  }
}
