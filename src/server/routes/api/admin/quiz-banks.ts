// Question banks made for Moodle, converted for the admin screen (DESIGN.md §13).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors } from '../../../../domain/api/errors.js';
import { QuizConversion, QuizConvertBody } from '../../../../domain/api/quiz-banks.js';
import { convertBank } from '../../../../domain/quiz-banks/index.js';
import type { ApiOptions } from '../options.js';

// The app's 1 MiB JSON limit is for everyday requests; a bank may hold 2 MiB of text, and
// JSON escapes (every line break, every quote) and UTF-8 make its body larger still.
const BODY_LIMIT = 4 * 1024 * 1024;

export const adminQuizBankRoutes: FastifyPluginAsyncZod<ApiOptions> = async (app) => {
  app.post(
    '/quiz/convert',
    {
      bodyLimit: BODY_LIMIT,
      schema: {
        body: QuizConvertBody,
        response: { 200: QuizConversion, ...errors(400, 401, 403, 413) },
      },
    },
    async (request) => {
      const { format, text, ...options } = request.body;
      return convertBank(format, text, options);
    },
  );
};
