import { Controller, Get, Inject, StreamableFile } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { RpcCaller } from '@app/contracts';
import { RpcClient } from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

/**
 * `GET /invoices/{id}/ubl`, served by documents: the e-invoice (UBL 2.1, EN 16931; CIUS-RO for a
 * Romanian seller) of an issued invoice or storno, built once at issue and served as stored.
 */
@ApiTags('invoices')
@ApiBearerAuth()
@Controller('invoices')
export class InvoiceUblController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Get(':id/ubl')
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'The UBL 2.1 Invoice', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No such invoice in this tenant', type: ProblemResponse })
  @ApiConflictResponse({ description: 'A draft: UBL exists only for issued invoices', type: ProblemResponse })
  @ApiUnprocessableEntityResponse({
    description: 'The invoice cannot be written as a valid e-invoice (every problem listed)',
    type: ProblemResponse,
  })
  async ubl(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<StreamableFile> {
    const file = await this.rpc.send('documents.ubl.get', { kind: 'invoice', id }, caller);
    const bytes = Buffer.from(file.xml, 'utf8');
    return new StreamableFile(bytes, {
      type: 'application/xml',
      length: bytes.length,
      disposition: `inline; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    });
  }
}
