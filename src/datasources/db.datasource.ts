import {inject, lifeCycleObserver, LifeCycleObserver} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {AppConfig} from '../config';
import {IdentityBindings} from '../keys';
import {dbSettings} from './db-settings';

/** The accounts database: embedded memory, PostgreSQL or MongoDB. */
@lifeCycleObserver('datasource')
export class DbDataSource
  extends juggler.DataSource
  implements LifeCycleObserver
{
  static dataSourceName = IdentityBindings.DATASOURCE_NAME;

  constructor(@inject(IdentityBindings.CONFIG) config: AppConfig) {
    super(dbSettings(config));
  }

  override async stop(): Promise<void> {
    await this.disconnect();
  }
}
