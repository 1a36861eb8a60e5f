import {
  advanceSubmission,
  type EinvoiceSubmission,
  FakeEinvoicePlatform,
  isOverdue,
  MAX_ATTEMPTS,
  newSubmission,
  uploadDeadline,
} from './einvoice-submission';

const DOCUMENT = { tenantId: 't1', documentId: 'd1', fullNumber: 'INV-0042', issueDate: '2026-11-26' };
const XML = '<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>';

class MemoryStorage {
  readonly files = new Map<string, Buffer>();
  async put(key: string, bytes: Buffer): Promise<void> {
    this.files.set(key, bytes);
  }
}

function setup(pollsBeforeAnswer = 1) {
  const platform = new FakeEinvoicePlatform(pollsBeforeAnswer);
  const storage = new MemoryStorage();
  const step = (submission: EinvoiceSubmission) =>
    advanceSubmission(submission, {
      platform,
      storage,
      xml: async () => XML,
      sellerTaxId: '18547290',
      now: new Date('2026-11-26T10:00:00.000Z'),
    });
  return { platform, storage, step };
}

describe('e-invoice submission', () => {
  describe('deadline: 5 working days after the issue date', () => {
    it('skips the weekend', () => {
      // Thursday 26 Nov 2026 → Fri, Mon, Tue, Wed, Thu.
      expect(uploadDeadline('2026-11-26')).toBe('2026-12-03');
    });

    it('skips the public holidays it is given', () => {
      // 30 Nov (Sf. Andrei) and 1 Dec (national day) are holidays in Romania.
      expect(uploadDeadline('2026-11-26', ['2026-11-30', '2026-12-01'])).toBe('2026-12-07');
    });

    it('starts counting the day after a Friday issue', () => {
      expect(uploadDeadline('2026-11-27')).toBe('2026-12-04');
    });
  });

  it('uploads, polls until processed, stores the signed answer and ends accepted', async () => {
    const { platform, storage, step } = setup(1);
    let submission = newSubmission(DOCUMENT, platform.name);
    expect(submission).toMatchObject({ status: 'pending', deadline: '2026-12-03' });

    submission = await step(submission);
    expect(submission.status).toBe('uploaded');
    expect(submission.uploadId).not.toBeNull();
    expect(platform.uploads.get(submission.uploadId!)?.sellerTaxId).toBe('18547290');

    submission = await step(submission); // still processing
    expect(submission.status).toBe('uploaded');

    submission = await step(submission);
    expect(submission.status).toBe('accepted');
    expect(submission.responseKey).toBe('t1/einvoice/d1.zip');
    expect(storage.files.get('t1/einvoice/d1.zip')?.toString()).toContain('signed:');
    expect(submission.completedAt).toBe('2026-11-26T10:00:00.000Z');

    // A finished submission is left alone.
    expect(await step(submission)).toBe(submission);
  });

  it('records the platform errors of a rejected invoice and keeps its answer', async () => {
    const { platform, storage, step } = setup(0);
    platform.rejectDocument('d1', ['E: BR-RO-110 county not coded']);
    const submission = await step(await step(newSubmission(DOCUMENT, platform.name)));
    expect(submission.status).toBe('rejected');
    expect(submission.errors).toEqual(['E: BR-RO-110 county not coded']);
    expect(storage.files.has('t1/einvoice/d1.zip')).toBe(true);
  });

  it('counts transport errors, fails after the last attempt, and recovers on a later run', async () => {
    const { platform, step } = setup(0);
    platform.failNext(MAX_ATTEMPTS);
    let submission = newSubmission(DOCUMENT, platform.name);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      submission = await step(submission);
      expect(submission).toMatchObject({ status: 'pending', attempts: attempt });
    }
    submission = await step(submission);
    expect(submission).toMatchObject({ status: 'failed', errors: ['platform unreachable'] });
    expect(isOverdue(submission, '2026-12-04')).toBe(true);
    expect(isOverdue(submission, '2026-12-03')).toBe(false);

    submission = await step(submission);
    expect(submission).toMatchObject({ status: 'uploaded', attempts: 0, errors: [] });
  });
});
