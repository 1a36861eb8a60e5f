import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsEmail,
  IsIn,
  IsObject,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { DOCUMENT_KINDS, type DocumentKind, type DocumentView } from './billing-documents';

/**
 * "Send again" (API.md: POST /{kind}/{id}/send → 202): an issued document's stored PDF is emailed
 * once more, to the buyer or to the addresses given. Billing records the delivery as `queued` and
 * asks documents through `billing.document.send-requested`; the delivery status follows from
 * `documents.email.sent|failed`.
 */

const NotNullIfPresent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** POST /{kind}/{id}/send. Without `to`: the buyer's email. */
export class SendDocumentDto {
  @NotNullIfPresent()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true })
  @MaxLength(254, { each: true })
  to?: string[];
}

export class SendDocumentRequest {
  @IsIn(DOCUMENT_KINDS) kind!: DocumentKind;
  @IsUUID() id!: string;
  @IsObject() @ValidateNested() @Type(() => SendDocumentDto) options!: SendDocumentDto;
}

export const BILLING_DELIVERY_RPC = {
  send: 'billing.documents.send',
} as const;

export interface BillingDeliveryRpcMap {
  /** The document with its delivery `queued` (the HTTP answer is 202: the email goes out behind it). */
  'billing.documents.send': { request: SendDocumentRequest; response: DocumentView };
}
