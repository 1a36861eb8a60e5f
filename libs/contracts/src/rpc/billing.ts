/** Commands and queries billing answers, with their request and response types. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BillingRpcMap {}
