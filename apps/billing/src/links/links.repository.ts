import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What opening a public link records: the first time a document's view link was opened. */
@Injectable()
export class LinksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Sets `viewedAt` on the first view only; later views change nothing. */
  async recordView(tenantId: string, id: string, now: Date): Promise<Date | null> {
    const rows = await this.dataSource.query<Array<{ viewed_at: Date }>>(
      `UPDATE billing.documents SET viewed_at = $3
        WHERE tenant_id = $1 AND id = $2 AND viewed_at IS NULL RETURNING viewed_at`,
      [tenantId, id, now],
    );
    return rows[0]?.viewed_at ?? null;
  }
}
