import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Proformas turned into invoices, offers turned into drafts, and the offers still open. */
export class ProformasOffers1700000006000 implements MigrationInterface {
  name = 'ProformasOffers1700000006000';

  async up(runner: QueryRunner): Promise<void> {
    // One final invoice per proforma, whatever happens: a second mark-paid racing past the lock on
    // the proforma would fail its transaction here.
    await runner.query(
      `CREATE UNIQUE INDEX documents_invoice_proforma_key ON billing.documents (proforma_id)
         WHERE kind = 'invoice' AND proforma_id IS NOT NULL`,
    );
    // The offer a draft was converted from (not in the API view: the offer points at its draft
    // through invoiceId or proformaId). An offer converts once.
    await runner.query('ALTER TABLE billing.documents ADD COLUMN offer_id uuid');
    await runner.query(
      'CREATE UNIQUE INDEX documents_offer_key ON billing.documents (offer_id) WHERE offer_id IS NOT NULL',
    );
    // The expiry sweep looks only at offers still waiting for an answer.
    await runner.query(
      `CREATE INDEX documents_open_offers ON billing.documents (valid_until)
         WHERE kind = 'offer' AND status = 'issued'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX billing.documents_open_offers');
    await runner.query('DROP INDEX billing.documents_offer_key');
    await runner.query('ALTER TABLE billing.documents DROP COLUMN offer_id');
    await runner.query('DROP INDEX billing.documents_invoice_proforma_key');
  }
}
