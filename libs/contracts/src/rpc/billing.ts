import type { BillingContactsRpcMap } from './billing-contacts';
import type { BillingDocumentsRpcMap } from './billing-documents';
import type { BillingImportRpcMap } from './billing-import';
import type { BillingInvoicesRpcMap } from './billing-invoices';
import type { BillingProductsRpcMap } from './billing-products';
import type { BillingSettingsRpcMap } from './billing-settings';

/** Commands and queries billing answers, with their request and response types. */
export interface BillingRpcMap
  extends
    BillingSettingsRpcMap,
    BillingProductsRpcMap,
    BillingDocumentsRpcMap,
    BillingInvoicesRpcMap,
    BillingContactsRpcMap,
    BillingImportRpcMap {}
