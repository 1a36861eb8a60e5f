import type { DealView } from '@app/contracts';
import type { Deal } from './deal.entity';

export function toDealView(deal: Deal): DealView {
  return {
    id: deal.id,
    title: deal.title,
    contactId: deal.contactId,
    value: { amount: deal.valueAmount, currency: deal.valueCurrency },
    stage: deal.stage,
    createdAt: deal.createdAt.toISOString(),
    updatedAt: deal.updatedAt.toISOString(),
  };
}
