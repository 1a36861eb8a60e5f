import { Injectable } from '@nestjs/common';
import type { PaymentMethod, PaymentView } from '@app/contracts';
import { DataSource, type EntityManager } from 'typeorm';

type Row = Record<string, unknown>;

const COLUMNS = `id, invoice_id, amount::text AS amount, date::text AS date, method, created_at`;

/** Payments of invoices; every query filters by tenant. */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    payment: {
      id: string;
      tenantId: string;
      invoiceId: string;
      amount: string;
      date: string;
      method: PaymentMethod;
      createdAt: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO billing.payments (id, tenant_id, invoice_id, amount, date, method, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        payment.id,
        payment.tenantId,
        payment.invoiceId,
        payment.amount,
        payment.date,
        payment.method,
        payment.createdAt,
      ],
    );
  }

  /** The invoice's payments in the order they were received. */
  async list(tenantId: string, invoiceId: string): Promise<PaymentView[]> {
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS} FROM billing.payments WHERE tenant_id = $1 AND invoice_id = $2
        ORDER BY date, created_at, id`,
      [tenantId, invoiceId],
    );
    return rows.map(toView);
  }
}

function toView(row: Row): PaymentView {
  return {
    id: row.id as string,
    invoiceId: row.invoice_id as string,
    amount: row.amount as string,
    date: row.date as string,
    method: row.method as PaymentMethod,
    createdAt: new Date(row.created_at as string).toISOString(),
  };
}
