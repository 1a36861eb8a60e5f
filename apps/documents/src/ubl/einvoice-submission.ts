import type { FileStorage } from '../storage/file-storage';

/**
 * Submitting issued invoices to a national e-invoicing platform (Romania: ANAF's RO e-Factura, in
 * the SPV). The platform is behind `EinvoicePlatform`, so the flow (upload, poll, keep the signed
 * answer, watch the deadline) is tested with `FakeEinvoicePlatform` and a real adapter only talks
 * HTTP. What a real ANAF adapter must do is in README.md, "Submitting to ANAF".
 *
 * Each issued invoice or storno of a Romanian seller gets one `EinvoiceSubmission`, shown on the
 * document: `pending` → `uploaded` → `accepted` | `rejected`, or `failed` when the platform could
 * not be reached after retries (to be retried by hand or by the next poll run).
 */
export const EINVOICE_SUBMISSION_STATUSES = [
  'pending',
  'uploaded',
  'accepted',
  'rejected',
  'failed',
] as const;
export type EinvoiceSubmissionStatus = (typeof EINVOICE_SUBMISSION_STATUSES)[number];

export interface EinvoiceSubmission {
  tenantId: string;
  documentId: string;
  /** The printed number, for messages and the platform's listings. */
  fullNumber: string;
  platform: string;
  status: EinvoiceSubmissionStatus;
  /** The platform's id of the upload (ANAF: `index_incarcare`), once uploaded. */
  uploadId: string | null;
  /** The platform's id of its answer (ANAF: `id_descarcare`), once processed. */
  responseId: string | null;
  /** Storage key of the platform's signed answer (ANAF: a zip with the XML and its signature). */
  responseKey: string | null;
  /** The platform's errors for a rejected invoice, or the last transport error for a failed one. */
  errors: string[];
  /** Last day to upload (Romania: 5 working days after the issue date). */
  deadline: string;
  attempts: number;
  uploadedAt: string | null;
  completedAt: string | null;
}

export interface UploadRequest {
  tenantId: string;
  documentId: string;
  /** The seller's tax id, as the platform wants it (ANAF: the CIF without "RO"). */
  sellerTaxId: string;
  /** The UBL 2.1 Invoice, UTF-8. */
  xml: string;
}

export type PlatformState =
  | { state: 'processing' }
  | { state: 'accepted'; responseId: string }
  | { state: 'rejected'; responseId: string; errors: string[] };

/** One national platform. Every method may throw on a transport error; callers retry later. */
export interface EinvoicePlatform {
  readonly name: string;
  /** Uploads the XML and answers the platform's id for it. */
  upload(request: UploadRequest): Promise<{ uploadId: string }>;
  /** Where the processing of an upload is. */
  state(uploadId: string): Promise<PlatformState>;
  /** The platform's signed answer (the accepted invoice with its signature, or the error report). */
  download(responseId: string): Promise<Buffer>;
}

/** Romania: an invoice is uploaded to RO e-Factura within 5 working days of its issue date. */
export const RO_UPLOAD_WORKING_DAYS = 5;

/**
 * The last day to upload: `workingDays` working days after the issue date, skipping Saturdays,
 * Sundays and the given public holidays (`YYYY-MM-DD`; Romania's change every year, so they are
 * passed in, not guessed).
 */
export function uploadDeadline(
  issueDate: string,
  holidays: readonly string[] = [],
  workingDays = RO_UPLOAD_WORKING_DAYS,
): string {
  const closed = new Set(holidays);
  const day = new Date(`${issueDate}T00:00:00.000Z`);
  let left = workingDays;
  while (left > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !closed.has(day.toISOString().slice(0, 10))) left -= 1;
  }
  return day.toISOString().slice(0, 10);
}

export function newSubmission(
  document: { tenantId: string; documentId: string; fullNumber: string; issueDate: string },
  platform: string,
  holidays: readonly string[] = [],
): EinvoiceSubmission {
  return {
    tenantId: document.tenantId,
    documentId: document.documentId,
    fullNumber: document.fullNumber,
    platform,
    status: 'pending',
    uploadId: null,
    responseId: null,
    responseKey: null,
    errors: [],
    deadline: uploadDeadline(document.issueDate, holidays),
    attempts: 0,
    uploadedAt: null,
    completedAt: null,
  };
}

/** How many failed calls turn a submission `failed` (it can still be advanced again later). */
export const MAX_ATTEMPTS = 5;

/**
 * One step of a submission, run by a worker for each open one: a pending submission is uploaded;
 * an uploaded one is polled and, once processed, the signed answer is stored and the status set.
 * Returns the new state (the caller saves it); never throws for platform errors, which are counted.
 */
export async function advanceSubmission(
  submission: EinvoiceSubmission,
  deps: {
    platform: EinvoicePlatform;
    storage: Pick<FileStorage, 'put'>;
    xml: () => Promise<string>;
    sellerTaxId: string;
    now: Date;
  },
): Promise<EinvoiceSubmission> {
  if (submission.status === 'accepted' || submission.status === 'rejected') return submission;
  const now = deps.now.toISOString();
  try {
    if (!submission.uploadId) {
      const { uploadId } = await deps.platform.upload({
        tenantId: submission.tenantId,
        documentId: submission.documentId,
        sellerTaxId: deps.sellerTaxId,
        xml: await deps.xml(),
      });
      return { ...submission, status: 'uploaded', uploadId, uploadedAt: now, attempts: 0, errors: [] };
    }
    const state = await deps.platform.state(submission.uploadId);
    if (state.state === 'processing') return { ...submission, status: 'uploaded', attempts: 0 };
    // Keep the signed answer before recording the outcome: it is the legal proof of the upload.
    const responseKey = `${submission.tenantId}/einvoice/${submission.documentId}.zip`;
    await deps.storage.put(responseKey, await deps.platform.download(state.responseId));
    return {
      ...submission,
      status: state.state,
      responseId: state.responseId,
      responseKey,
      errors: state.state === 'rejected' ? state.errors : [],
      attempts: 0,
      completedAt: now,
    };
  } catch (error) {
    const attempts = submission.attempts + 1;
    return {
      ...submission,
      status: attempts >= MAX_ATTEMPTS ? 'failed' : submission.uploadId ? 'uploaded' : 'pending',
      attempts,
      errors: [error instanceof Error ? error.message : String(error)],
    };
  }
}

/** Whether the submission is still open on `today` and past its deadline: someone must look. */
export function isOverdue(submission: EinvoiceSubmission, today: string): boolean {
  return (submission.status === 'pending' || submission.status === 'failed') && today > submission.deadline;
}

/**
 * The platform in tests: keeps uploads in memory, answers `processing` for the first
 * `pollsBeforeAnswer` polls, then accepts, unless the invoice was marked for rejection, and can
 * be told to fail the next calls as a network would.
 */
export class FakeEinvoicePlatform implements EinvoicePlatform {
  readonly name = 'fake';
  readonly uploads = new Map<string, UploadRequest & { polls: number }>();
  private readonly rejections = new Map<string, string[]>();
  private failures = 0;
  private sequence = 0;

  constructor(private readonly pollsBeforeAnswer = 1) {}

  /** The upload of this document will be rejected with these errors. */
  rejectDocument(documentId: string, errors: string[]): void {
    this.rejections.set(documentId, errors);
  }

  /** The next `count` calls throw, as an unreachable platform would. */
  failNext(count: number): void {
    this.failures = count;
  }

  async upload(request: UploadRequest): Promise<{ uploadId: string }> {
    this.maybeFail();
    if (!/<Invoice[\s>]/.test(request.xml)) throw new Error('not a UBL Invoice');
    const uploadId = String(5_000_000_000 + ++this.sequence);
    this.uploads.set(uploadId, { ...request, polls: 0 });
    return { uploadId };
  }

  async state(uploadId: string): Promise<PlatformState> {
    this.maybeFail();
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new Error(`unknown upload ${uploadId}`);
    upload.polls += 1;
    if (upload.polls <= this.pollsBeforeAnswer) return { state: 'processing' };
    const errors = this.rejections.get(upload.documentId);
    return errors
      ? { state: 'rejected', responseId: `r${uploadId}`, errors }
      : { state: 'accepted', responseId: `r${uploadId}` };
  }

  async download(responseId: string): Promise<Buffer> {
    this.maybeFail();
    const upload = this.uploads.get(responseId.slice(1));
    if (!upload) throw new Error(`unknown answer ${responseId}`);
    return Buffer.from(`signed:${responseId}\n${upload.xml}`, 'utf8');
  }

  private maybeFail(): void {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('platform unreachable');
    }
  }
}
