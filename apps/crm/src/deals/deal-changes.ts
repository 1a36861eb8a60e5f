import { Decimal } from 'decimal.js';
import type { CreateDealDto, DealStage, MoneyDto, UpdateDealDto } from '@app/contracts';
import { unprocessable } from '@app/platform';
import { Deal } from './deal.entity';

// Pure rules for creating and changing a deal; the handler persists and publishes the result.

/**
 * `crm.deal.won` is due when a deal arrives in stage won: created as won, or moved there from open
 * or lost. Saving a won deal as won again is not a new win.
 */
export function entersWon(before: DealStage | null, after: DealStage): boolean {
  return after === 'won' && before !== 'won';
}

/**
 * The amount as NUMERIC(15,2) will store it (`"1500"` → `"1500.00"`), so the answer to a write
 * equals what a later read returns. A deal's value is what the customer would pay: not negative.
 */
function normalizedAmount(value: MoneyDto, path: string): string {
  const amount = new Decimal(value.amount);
  if (amount.isZero()) return '0.00'; // not "-0.00"
  if (amount.isNegative())
    throw unprocessable('A deal value cannot be negative', [
      { path, message: 'amount must not be negative' },
    ]);
  return amount.toFixed(2);
}

export function newDeal(tenantId: string, id: string, now: Date, dto: CreateDealDto): Deal {
  const deal = new Deal();
  Object.assign(deal, {
    tenantId,
    id,
    contactId: dto.contactId,
    title: dto.title,
    valueAmount: normalizedAmount(dto.value, 'value.amount'),
    valueCurrency: dto.value.currency,
    stage: dto.stage ?? 'open',
    createdAt: now,
    updatedAt: now,
  });
  return deal;
}

/** Applies a PATCH (fields left out stay); returns the fields that really changed. */
export function applyDealChanges(deal: Deal, changes: UpdateDealDto, now: Date): string[] {
  const changed: string[] = [];
  if (changes.title !== undefined && changes.title !== deal.title) {
    deal.title = changes.title;
    changed.push('title');
  }
  if (changes.value !== undefined) {
    const amount = normalizedAmount(changes.value, 'changes.value.amount');
    if (amount !== deal.valueAmount) {
      deal.valueAmount = amount;
      changed.push('value.amount');
    }
    if (changes.value.currency !== deal.valueCurrency) {
      deal.valueCurrency = changes.value.currency;
      changed.push('value.currency');
    }
  }
  if (changes.stage !== undefined && changes.stage !== deal.stage) {
    deal.stage = changes.stage;
    changed.push('stage');
  }
  if (changed.length) deal.updatedAt = now;
  return changed;
}
