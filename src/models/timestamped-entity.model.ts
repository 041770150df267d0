import {Entity, model, property} from '@loopback/repository';

/**
 * What every stored model shares: an application-generated UUID, so one
 * model works on memory, PostgreSQL and MongoDB alike, and the two
 * timestamps the repositories maintain.
 */
@model()
export class TimestampedEntity extends Entity {
  @property({
    type: 'string',
    id: true,
    defaultFn: 'uuidv4',
    // Keeps MongoDB from ever turning a 24-hex id into an ObjectID.
    mongodb: {dataType: 'string'},
  })
  id: string;

  /** Set by the repository on create. */
  @property({type: 'date', required: true})
  created: Date;

  /** Set by the repository on every create and update. */
  @property({type: 'date', required: true})
  modified: Date;
}
