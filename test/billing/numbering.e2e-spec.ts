import { request, signUp } from '../support/api';

describe('numbering under concurrent issues through the gateway', () => {
  it('numbers 30 drafts issued at once exactly 1..30, with no gap and no repeat', async () => {
    const tenant = await signUp();
    const token = tenant.token;
    await request('PATCH', '/settings', {
      token,
      body: {
        company: {
          legalName: 'Numere Fără Goluri SRL',
          vatId: 'RO18547290',
          address: { street: 'Str. Ordinii 1', city: 'Craiova', country: 'RO' },
        },
      },
    });
    const contact = await request('POST', '/contacts', {
      token,
      body: {
        type: 'company',
        name: 'Client Grăbit SRL',
        vatId: 'RO14399840',
        address: { street: 'Str. Vitezei 9', city: 'Pitești', country: 'RO' },
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const created = await request('POST', '/invoices', {
        token,
        body: {
          contactId: contact.body.id,
          lines: [
            {
              name: `Serviciu ${i}`,
              unit: 'h',
              quantity: '1',
              unitPrice: '10',
              vatRate: '21',
              saveToCatalogue: false,
            },
          ],
        },
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }

    const answers = await Promise.all(
      ids.map((id) => request('POST', `/invoices/${id}/issue`, { token, body: {}, timeoutMs: 60000 })),
    );
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
    const numbers = answers.map((a) => a.body.number as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const fullNumbers = new Set(answers.map((a) => a.body.fullNumber));
    expect(fullNumbers.size).toBe(30);
    for (const answer of answers)
      expect(answer.body.fullNumber).toBe(`INV-${String(answer.body.number).padStart(4, '0')}`);

    // What is stored agrees with what was answered.
    for (const answer of answers) {
      const read = await request('GET', `/invoices/${answer.body.id}`, { token });
      expect(read.body).toMatchObject({ status: 'issued', number: answer.body.number });
    }
    const settings = await request('GET', '/settings', { token });
    expect(settings.body.series.invoice.nextNumber).toBe(31);
    const issued = await request('GET', '/invoices?status=issued&limit=200', { token });
    expect(issued.body.items).toHaveLength(30);
  });
});
