import type { BillingDocumentsRpcMap } from './billing-documents';
import type { BillingProductsRpcMap } from './billing-products';
import type { BillingSettingsRpcMap } from './billing-settings';

/** Commands and queries billing answers, with their request and response types. */
export interface BillingRpcMap extends BillingSettingsRpcMap, BillingProductsRpcMap, BillingDocumentsRpcMap {}
