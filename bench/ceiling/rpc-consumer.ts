// The `rpc` ceiling's worker process: crm's work with no framework. One pg transaction inserts the
// contact and its outbox row (the event envelope), then the reply goes to the caller.
import { randomUUID } from 'node:crypto';
import { connect, type Channel, type ConsumeMessage } from 'amqplib';
import { Pool } from 'pg';

const queue = process.env.CEILING_QUEUE ?? 'bench_ceiling.rpc';
const schema = process.env.CEILING_SCHEMA ?? 'bench_ceiling';

interface ContactInput {
  type: string;
  name: string;
  email?: string | null;
  phone?: string | null;
  address?: {
    street?: string | null;
    city?: string | null;
    region?: string | null;
    postalCode?: string | null;
    country?: string | null;
  };
  vatId?: string | null;
  registrationNumber?: string | null;
  notes?: string | null;
}

async function main(): Promise<void> {
  // The same pool size and prefetch as a service gets from libs/platform.
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const connection = await connect(process.env.RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672', {
    noDelay: true,
  });
  const channel = await connection.createChannel();
  await channel.assertQueue(queue, { durable: true });
  await channel.prefetch(Number(process.env.RPC_PREFETCH ?? 64));

  const insertContact = `INSERT INTO "${schema}".contacts (tenant_id, id, type, name, email, phone, address_street,
      address_city, address_region, address_postal_code, address_country, vat_id, registration_number, notes,
      created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`;
  const insertOutbox = `INSERT INTO "${schema}".outbox (id, type, tenant_id, envelope) VALUES ($1, $2, $3, $4)`;

  const handle = async (ch: Channel, message: ConsumeMessage): Promise<void> => {
    const headers = message.properties.headers ?? {};
    const deadline = Number(headers['x-deadline'] ?? 0);
    if (deadline && Date.now() > deadline) return ch.ack(message);
    const tenantId = String(headers['x-tenant-id']);
    let status = 201;
    let reply: string;
    try {
      const input = JSON.parse(message.content.toString('utf8')) as ContactInput;
      const now = new Date();
      const contact = {
        id: randomUUID(),
        type: input.type,
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        address: {
          street: input.address?.street ?? null,
          city: input.address?.city ?? null,
          region: input.address?.region ?? null,
          postalCode: input.address?.postalCode ?? null,
          country: input.address?.country ?? null,
        },
        vatId: input.vatId ?? null,
        registrationNumber: input.registrationNumber ?? null,
        notes: input.notes ?? null,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      };
      const envelope = {
        id: randomUUID(),
        type: 'crm.contact.created',
        version: 1,
        occurredAt: now.toISOString(),
        tenantId,
        correlationId: String(message.properties.correlationId),
        data: { contact },
      };
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(insertContact, [
          tenantId,
          contact.id,
          contact.type,
          contact.name,
          contact.email,
          contact.phone,
          contact.address.street,
          contact.address.city,
          contact.address.region,
          contact.address.postalCode,
          contact.address.country,
          contact.vatId,
          contact.registrationNumber,
          contact.notes,
          now,
        ]);
        await client.query(insertOutbox, [envelope.id, envelope.type, tenantId, JSON.stringify(envelope)]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      reply = JSON.stringify(contact);
    } catch (error) {
      status = 500;
      reply = JSON.stringify({ status, detail: (error as Error).message });
    }
    if (message.properties.replyTo)
      ch.sendToQueue(message.properties.replyTo as string, Buffer.from(reply), {
        correlationId: message.properties.correlationId as string,
        contentType: 'application/json',
        headers: { 'x-status': status },
      });
    ch.ack(message);
  };

  await channel.consume(queue, (message) => {
    if (message) void handle(channel, message);
  });
  process.send?.({ ready: true });
  process.once('SIGTERM', () => {
    void connection
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0));
  });
}

main().catch((error: Error) => {
  process.send?.({ ready: false, error: error.message });
  process.exit(1);
});
