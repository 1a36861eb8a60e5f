import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import type { DocumentKind, DocumentLinksView, RpcCaller } from '@app/contracts';
import { APP_CONFIG, type AppConfig, publicLinkUrl, RpcClient } from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { CurrentCaller } from '../auth/caller.decorator';
import { UuidParam } from '../http/uuid-param.decorator';

/**
 * `GET /{kind}/{id}/links`: the public links of an issued document as an email carries them
 * (view; for offers also accept and reject), full URLs under PUBLIC_URL. Billing signs them.
 */
abstract class DocumentLinksController {
  protected abstract readonly kind: DocumentKind;

  // Named explicitly: an undecorated base class gets no constructor type metadata to inject by.
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':id/links')
  @ApiConflictResponse({ description: 'A draft has no links yet', type: ProblemResponse })
  async links(@CurrentCaller() caller: RpcCaller, @UuidParam() id: string): Promise<DocumentLinksView> {
    const tokens = await this.rpc.send('billing.documents.links', { kind: this.kind, id }, caller);
    const url = (token: string) => publicLinkUrl(this.config.publicUrl, token);
    const links: DocumentLinksView = { view: url(tokens.view), expiresAt: tokens.expiresAt };
    if (tokens.accept) links.accept = url(tokens.accept);
    if (tokens.reject) links.reject = url(tokens.reject);
    return links;
  }
}

@ApiTags('invoices')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such invoice in this tenant', type: ProblemResponse })
@Controller('invoices')
export class InvoiceLinksController extends DocumentLinksController {
  protected readonly kind = 'invoice';
}

@ApiTags('proformas')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such proforma in this tenant', type: ProblemResponse })
@Controller('proformas')
export class ProformaLinksController extends DocumentLinksController {
  protected readonly kind = 'proforma';
}

@ApiTags('offers')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such offer in this tenant', type: ProblemResponse })
@Controller('offers')
export class OfferLinksController extends DocumentLinksController {
  protected readonly kind = 'offer';
}
