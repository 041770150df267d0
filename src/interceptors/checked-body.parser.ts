import {Context, filterByTag, inject} from '@loopback/core';
import {
  BodyParser,
  OperationObject,
  Request,
  REQUEST_BODY_PARSER_TAG,
  RequestBody,
  RequestBodyParser,
} from '@loopback/rest';
import {AppError} from '../errors';
import {findControlCharacter} from '../services/platform/control-characters';

/**
 * The operation extension naming the body fields that may span lines (PEM
 * certificates): CR, LF and TAB are allowed there, other controls not.
 */
export const MULTILINE_FIELDS = 'x-multiline-fields';

/**
 * LoopBack's request body parser, then one check of every string and
 * property name of the parsed body (JSON or form, at any depth): a control
 * character is 400 `INVALID_CHARACTERS` before schema validation and before
 * any controller or lookup (the OAuth endpoints turn it into
 * `invalid_request`). Path and query are checked earlier, by
 * `InputGuardMiddlewareProvider`.
 */
export class CheckedRequestBodyParser extends RequestBodyParser {
  constructor(
    @inject(filterByTag(REQUEST_BODY_PARSER_TAG), {optional: true})
    parsers?: BodyParser[],
    @inject.context() ctx?: Context,
  ) {
    super(parsers, ctx);
  }

  override async loadRequestBodyIfNeeded(
    operationSpec: OperationObject,
    request: Request,
  ): Promise<RequestBody> {
    const body = await super.loadRequestBodyIfNeeded(operationSpec, request);
    const multiline: unknown = operationSpec[MULTILINE_FIELDS];
    const found = findControlCharacter(
      body.value,
      new Set(Array.isArray(multiline) ? (multiline as string[]) : []),
    );
    if (found) {
      const where = found.path ? `Body property ${found.path}` : 'The body';
      throw new AppError('INVALID_CHARACTERS', `${where} ${found.message}.`, {
        details: [{path: found.path, message: found.message}],
      });
    }
    return body;
  }
}
