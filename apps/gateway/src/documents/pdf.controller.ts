import { Controller, Get, Inject, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { DocumentKind, RpcCaller } from '@app/contracts';
import { RpcClient } from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

/**
 * `GET /{kind}/{id}/pdf`, served by documents: the stored PDF of an issued document, or a draft's
 * preview with a DRAFT watermark. Shown inline; saved as `<fullNumber>.pdf` (or `draft.pdf`).
 */
abstract class PdfController {
  protected abstract readonly kind: DocumentKind;

  // Named explicitly: an undecorated base class gets no constructor type metadata to inject by.
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', schema: { type: 'string', format: 'binary' } })
  async pdf(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<StreamableFile> {
    const file = await this.rpc.send('documents.pdf.get', { kind: this.kind, id }, caller);
    const bytes = Buffer.from(file.base64, 'base64');
    return new StreamableFile(bytes, {
      type: 'application/pdf',
      length: bytes.length,
      disposition: `inline; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    });
  }
}

@ApiTags('invoices')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such invoice in this tenant', type: ProblemResponse })
@Controller('invoices')
export class InvoicePdfController extends PdfController {
  protected readonly kind = 'invoice';
}

@ApiTags('proformas')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such proforma in this tenant', type: ProblemResponse })
@Controller('proformas')
export class ProformaPdfController extends PdfController {
  protected readonly kind = 'proforma';
}

@ApiTags('offers')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such offer in this tenant', type: ProblemResponse })
@Controller('offers')
export class OfferPdfController extends PdfController {
  protected readonly kind = 'offer';
}
