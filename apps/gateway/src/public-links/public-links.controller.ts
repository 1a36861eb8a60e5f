import { Controller, Get, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { LinkClaims, RpcCaller } from '@app/contracts';
import {
  APP_CONFIG,
  type AppConfig,
  Clock,
  DomainError,
  notFound,
  RpcClient,
  verifyLinkToken,
} from '@app/platform';
import { ProblemResponse } from '../auth/auth.dto';
import { Public } from '../auth/caller.decorator';
import type { GatewayRequest, GatewayResponse } from '../http/http.types';
import { toProblem } from '../problem/problem';
import { errorPage, linkPage, outcomePage } from './link-page';

/** Requests per minute per client address and route: plenty for people, little for a scanner. */
export const PUBLIC_LINK_RATE_LIMIT = 120;

const HTML = 'text/html; charset=utf-8';

/**
 * `/public/links/{token}`: what the links in emails open, without an account. The token is checked
 * here (signature first, in constant time, then expiry): tampered, foreign or unknown → 404,
 * expired → 410. Then billing is asked on behalf of the token's tenant, so a token reaches its own
 * document and nothing else. GET shows the document and changes no status (mail scanners open
 * links; a view link records `viewedAt`); POST performs the action once, and again answers the same.
 * Browsers get refusals as HTML pages, API clients as problem+json.
 */
@ApiTags('public links')
@Public()
@UseGuards(ThrottlerGuard)
@Throttle({ default: { limit: PUBLIC_LINK_RATE_LIMIT, ttl: 60_000 } })
@ApiNotFoundResponse({ description: 'Tampered, foreign or unknown link', type: ProblemResponse })
@ApiGoneResponse({ description: 'The link has expired', type: ProblemResponse })
@ApiTooManyRequestsResponse({ description: 'Too many requests from this address', type: ProblemResponse })
@Controller('public/links')
export class PublicLinksController {
  constructor(
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  @Get(':token')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A page describing the document and the action; nothing changes' })
  async show(@Param('token') token: string, @Req() req: GatewayRequest, @Res() res: GatewayResponse) {
    await this.answer(req, res, async () => {
      const claims = this.check(token);
      const page = await this.rpc.send(
        'billing.links.open',
        { kind: claims.kind, id: claims.doc, action: claims.act },
        callerOf(claims),
      );
      return linkPage(page, token);
    });
  }

  @Post(':token')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The action was performed (or had been already)' })
  @ApiConflictResponse({ description: 'The action no longer fits the document', type: ProblemResponse })
  async perform(@Param('token') token: string, @Req() req: GatewayRequest, @Res() res: GatewayResponse) {
    await this.answer(req, res, async () => {
      const claims = this.check(token);
      if (claims.act === 'view')
        throw new DomainError('CONFLICT', 'This link only shows the document; there is nothing to confirm');
      const outcome = await this.rpc.send(
        'billing.links.decide',
        { kind: claims.kind, id: claims.doc, action: claims.act },
        callerOf(claims),
      );
      return outcomePage(outcome);
    });
  }

  /** The PDF a view link's page points at. */
  @Get(':token/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', schema: { type: 'string', format: 'binary' } })
  async pdf(@Param('token') token: string, @Req() req: GatewayRequest, @Res() res: GatewayResponse) {
    try {
      const claims = this.check(token);
      if (claims.act !== 'view') throw notFound('Link');
      const file = await this.rpc.send(
        'documents.pdf.get',
        { kind: claims.kind, id: claims.doc },
        callerOf(claims),
      );
      const bytes = Buffer.from(file.base64, 'base64');
      res.setHeader(
        'Content-Disposition',
        `inline; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      );
      res.setHeader('Cache-Control', 'private, no-store');
      res.status(200).type('application/pdf').send(bytes);
    } catch (error) {
      this.refuse(req, res, error);
    }
  }

  /** 404 for anything not signed by us (whatever it claims), 410 for ours once expired. */
  private check(token: string): LinkClaims {
    const result = verifyLinkToken(this.config.linkSecret, token, this.clock.now());
    if (result.ok) return result.claims;
    if (result.reason === 'expired') throw new DomainError('GONE', 'This link has expired');
    throw new DomainError('NOT_FOUND', 'This link is not valid');
  }

  private async answer(
    req: GatewayRequest,
    res: GatewayResponse,
    page: () => Promise<string>,
  ): Promise<void> {
    try {
      const html = await page();
      res.setHeader('Cache-Control', 'private, no-store');
      res.status(200).type(HTML).send(html);
    } catch (error) {
      this.refuse(req, res, error);
    }
  }

  /** A browser gets a page; anything else (and every 5xx) goes to the problem+json filter. */
  private refuse(req: GatewayRequest, res: GatewayResponse, error: unknown): void {
    const { body } = toProblem(error, req.correlationId);
    const wantsHtml = /\btext\/html\b/.test(String(req.headers.accept ?? ''));
    if (!wantsHtml || body.status >= 500) throw error;
    res.setHeader('Cache-Control', 'private, no-store');
    res
      .status(body.status)
      .type(HTML)
      .send(errorPage(body.status, body.title, body.detail));
  }
}

/** Billing is asked on behalf of the tenant the token was signed for, and of nobody else. */
const callerOf = (claims: LinkClaims): RpcCaller => ({ tenantId: claims.tid });
