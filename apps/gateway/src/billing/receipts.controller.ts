import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ListReceiptsQuery, type Page, type ReceiptView, type RpcCaller } from '@app/contracts';
import { RpcClient } from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

/**
 * Cash receipts (chitanțe): issued by POST /invoices/{id}/receipts, read here. The list and the
 * receipt are billing's; the PDF is rendered once and served as stored by documents.
 */
@ApiTags('receipts')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such receipt in this tenant', type: ProblemResponse })
@Controller('receipts')
export class ReceiptsController {
  constructor(private readonly rpc: RpcClient) {}

  /** Newest first; `?invoiceId=` for one invoice's receipts. */
  @Get()
  list(@CurrentCaller() caller: RpcCaller, @Query() query: ListReceiptsQuery): Promise<Page<ReceiptView>> {
    return this.rpc.send('billing.receipts.list', query, caller);
  }

  @Get(':id')
  get(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<ReceiptView> {
    return this.rpc.send('billing.receipts.get', { id }, caller);
  }

  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', schema: { type: 'string', format: 'binary' } })
  async pdf(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<StreamableFile> {
    const file = await this.rpc.send('documents.receipts.pdf.get', { id }, caller);
    const bytes = Buffer.from(file.base64, 'base64');
    return new StreamableFile(bytes, {
      type: 'application/pdf',
      length: bytes.length,
      disposition: `inline; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    });
  }
}
