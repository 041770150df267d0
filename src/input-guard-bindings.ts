import {Application, createBindingFromClass} from '@loopback/core';
import {RestBindings} from '@loopback/rest';
import {CheckedRequestBodyParser} from './interceptors/checked-body.parser';
import {InputGuardMiddlewareProvider} from './interceptors/input-guard.middleware';

/**
 * Hostile input refused at the edge, on every connector: the URL before the
 * router (malformed escapes, prototype-named segments, control characters
 * in path and query), every parsed body before validation.
 */
export function bindInputGuard(app: Application): void {
  app.add(createBindingFromClass(InputGuardMiddlewareProvider));
  app.bind(RestBindings.REQUEST_BODY_PARSER).toClass(CheckedRequestBodyParser);
}
