import {ResponsesObject, SchemaObject} from '@loopback/rest';

/** LoopBack's error body with the service's stable `code`. */
export const ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        statusCode: {type: 'integer'},
        name: {type: 'string'},
        message: {type: 'string'},
        code: {type: 'string'},
        details: {},
      },
    },
  },
};

/** An error response whose description names the codes it may carry. */
export function errorResponse(description: string): ResponsesObject[string] {
  return {description, content: {'application/json': {schema: ERROR_SCHEMA}}};
}

/** Error responses keyed by status, each described by the codes it carries. */
export function errorResponses(
  byStatus: Record<string, string>,
): ResponsesObject {
  const responses: ResponsesObject = {};
  for (const [status, description] of Object.entries(byStatus)) {
    responses[status] = errorResponse(description);
  }
  return responses;
}
