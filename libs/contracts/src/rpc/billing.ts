import type { BillingContactsRpcMap } from './billing-contacts';
import type { BillingDeliveryRpcMap } from './billing-delivery';
import type { BillingDocumentsRpcMap } from './billing-documents';
import type { BillingImportRpcMap } from './billing-import';
import type { BillingInvoicesRpcMap } from './billing-invoices';
import type { BillingLinksRpcMap } from './billing-links';
import type { BillingOffersRpcMap } from './billing-offers';
import type { BillingProductsRpcMap } from './billing-products';
import type { BillingProformasRpcMap } from './billing-proformas';
import type { BillingReceiptsRpcMap } from './billing-receipts';
import type { BillingRecurrenceRpcMap } from './billing-recurrence';
import type { BillingSettingsRpcMap } from './billing-settings';

/** Commands and queries billing answers, with their request and response types. */
export interface BillingRpcMap
  extends
    BillingSettingsRpcMap,
    BillingProductsRpcMap,
    BillingDocumentsRpcMap,
    BillingInvoicesRpcMap,
    BillingContactsRpcMap,
    BillingImportRpcMap,
    BillingProformasRpcMap,
    BillingOffersRpcMap,
    BillingLinksRpcMap,
    BillingDeliveryRpcMap,
    BillingReceiptsRpcMap,
    BillingRecurrenceRpcMap {}
