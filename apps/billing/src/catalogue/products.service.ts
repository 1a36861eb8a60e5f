import { Injectable } from '@nestjs/common';
import { Decimal } from 'decimal.js';
import type {
  CreateProductDto,
  FieldProblem,
  ListProductsQuery,
  Page,
  ProductView,
  SettingsView,
  UpdateProductDto,
} from '@app/contracts';
import { DomainError, badRequest, notFound, unprocessable } from '@app/platform';
import { canonicalRate, formatUnitPrice } from '../common/decimal-text';
import { uniqueViolation } from '../common/postgres-errors';
import { SettingsService } from '../settings/settings.service';
import type { ProductEntity } from './product.entity';
import { ProductsRepository } from './products.repository';

const DEFAULT_LIMIT = 50;

/** The tenant's catalogue: what a line can be picked from, checked against the tenant's settings. */
@Injectable()
export class ProductsService {
  constructor(
    private readonly products: ProductsRepository,
    private readonly settings: SettingsService,
  ) {}

  async create(tenantId: string, dto: CreateProductDto): Promise<ProductView> {
    const settings = await this.settings.get(tenantId);
    const currency = dto.currency ?? settings.defaultCurrency;
    const vatRate = dto.vatRate ?? defaultVatRate(settings);
    assertAllowed(settings, { unit: dto.unit, currency, vatRate });
    const product = await this.uniquely(() =>
      this.products.insert({
        tenantId,
        name: dto.name.trim(),
        code: dto.code?.trim() || null,
        type: dto.type,
        unit: dto.unit,
        group: dto.group?.trim() || null,
        currency,
        unitPrice: dto.unitPrice == null ? null : new Decimal(dto.unitPrice),
        vatRate: new Decimal(vatRate),
        active: true,
      }),
    );
    return toView(product);
  }

  async get(tenantId: string, id: string): Promise<ProductView> {
    const product = await this.products.findById(tenantId, id);
    if (!product) throw notFound('Product');
    return toView(product);
  }

  async list(tenantId: string, query: ListProductsQuery): Promise<Page<ProductView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.products.search(tenantId, {
      search: query.search,
      includeInactive: query.includeInactive ?? false,
      limit,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map((row) => toView(row.product)),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].sortKey) : null,
    };
  }

  async update(tenantId: string, id: string, changes: UpdateProductDto): Promise<ProductView> {
    if (!(await this.products.findById(tenantId, id))) throw notFound('Product');
    // Only what changes is checked: a product keeps a unit the settings have since dropped.
    if (changes.unit !== undefined || changes.currency !== undefined || changes.vatRate !== undefined)
      assertAllowed(await this.settings.get(tenantId), changes);
    const updated = await this.uniquely(() =>
      this.products.update(tenantId, id, {
        name: changes.name?.trim(),
        code: changes.code === undefined ? undefined : changes.code?.trim() || null,
        type: changes.type,
        unit: changes.unit,
        group: changes.group === undefined ? undefined : changes.group?.trim() || null,
        currency: changes.currency,
        unitPrice:
          changes.unitPrice === undefined
            ? undefined
            : changes.unitPrice === null
              ? null
              : new Decimal(changes.unitPrice),
        vatRate: changes.vatRate === undefined ? undefined : new Decimal(changes.vatRate),
        active: changes.active,
      }),
    );
    if (!updated) throw notFound('Product');
    return toView(updated);
  }

  /** DELETE keeps the product (documents refer to it) and takes it out of the catalogue. */
  async deactivate(tenantId: string, id: string): Promise<ProductView> {
    const updated = await this.products.update(tenantId, id, { active: false });
    if (!updated) throw notFound('Product');
    return toView(updated);
  }

  private async uniquely<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'products_tenant_name_key')
        throw new DomainError('CONFLICT', 'A product with this name already exists', [
          { path: 'name', message: 'another product already has this name (names ignore case)' },
        ]);
      if (constraint === 'products_tenant_code_key')
        throw new DomainError('CONFLICT', 'A product with this code already exists', [
          { path: 'code', message: 'another product already has this code' },
        ]);
      throw error;
    }
  }
}

/** A VAT payer's catalogue defaults to its standard (highest) rate; a non-payer only has 0 %. */
function defaultVatRate(settings: SettingsView): string {
  if (!settings.vatRegistered) return '0';
  return settings.vatRates.reduce((max, rate) => (new Decimal(rate).greaterThan(max) ? rate : max), '0');
}

/** 422 listing every field whose value the tenant's settings do not allow. */
function assertAllowed(
  settings: SettingsView,
  fields: { unit?: string; currency?: string; vatRate?: string },
): void {
  const problems: FieldProblem[] = [];
  if (fields.unit !== undefined && !settings.units.includes(fields.unit))
    problems.push({
      path: 'unit',
      message: `unit "${fields.unit}" is not one of the units in settings (${settings.units.join(', ')})`,
    });
  if (fields.currency !== undefined && !settings.currencies.includes(fields.currency))
    problems.push({
      path: 'currency',
      message: `currency "${fields.currency}" is not enabled in settings (${settings.currencies.join(', ')})`,
    });
  if (fields.vatRate !== undefined && !settings.vatRates.includes(canonicalRate(fields.vatRate)))
    problems.push({
      path: 'vatRate',
      message: `VAT rate "${fields.vatRate}" is not allowed (${settings.vatRates.join(', ')})`,
    });
  if (problems.length) throw unprocessable('The product does not match the settings', problems);
}

const encodeCursor = (sortKey: string) => Buffer.from(JSON.stringify({ n: sortKey })).toString('base64url');

function decodeCursor(cursor: string): string {
  try {
    const { n } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { n?: unknown };
    if (typeof n === 'string') return n;
  } catch {
    // fall through
  }
  throw badRequest('The cursor is not valid', [
    { path: 'cursor', message: 'use nextCursor from the last page' },
  ]);
}

function toView(product: ProductEntity): ProductView {
  return {
    id: product.id,
    name: product.name,
    code: product.code,
    type: product.type,
    unit: product.unit,
    group: product.group,
    currency: product.currency,
    unitPrice: product.unitPrice === null ? null : formatUnitPrice(product.unitPrice),
    vatRate: canonicalRate(product.vatRate),
    active: product.active,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}
