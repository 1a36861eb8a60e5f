import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { DomainError } from '@app/platform';
import type { GatewayRequest, GatewayResponse } from '../http/http.types';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/** The one place where errors become HTTP answers: every error answer is problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<GatewayRequest>();
    const res = http.getResponse<GatewayResponse>();
    const { body, unexpected } = toProblem(error, req.correlationId);
    if (unexpected) {
      const where = `${req.method} ${req.originalUrl} [${req.correlationId ?? '-'}]`;
      if (error instanceof DomainError)
        this.logger.warn(`${where} answered ${body.status}: ${error.message}`);
      else this.logger.error(`${where} failed`, error instanceof Error ? error : String(error));
    }
    if (res.headersSent) {
      // A streamed answer failed half-way: nothing valid can be sent any more.
      res.destroy();
      return;
    }
    if (body.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}
